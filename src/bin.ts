// The `onerway-sim` executable (package.json "bin"; `npm start` in this repository).
import { main } from './cli.js';

void main();
