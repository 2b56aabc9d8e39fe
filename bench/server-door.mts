/**
 * The server door, measured in a process of its own (run by `bench/run.mts`): a server process
 * serves and does nothing else, and a heap grown by the other measurements would have the
 * garbage collector compete with the client thread for the machine's cores. Prints its result
 * as one line of JSON.
 */
import { measureServerDoor } from './doors.mjs';

process.stdout.write(`${JSON.stringify(await measureServerDoor())}\n`);
