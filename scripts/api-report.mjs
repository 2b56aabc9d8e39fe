/**
 * The public surface as merchants see it, one API report per entry point (docs/api/*.api.md),
 * made by Microsoft's API Extractor from the built declarations. `npm run api` (CI) fails when
 * the surface differs from the committed reports; `npm run api -- --update` rewrites them, so a
 * change to what merchants see shows up in review as a change to those files.
 * Run after `npm run build`.
 */
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const update = process.argv.includes('--update');
const ENTRIES = { 'onerway-sim': 'index', 'onerway-sim-nock': 'nock', 'onerway-sim-server': 'server', 'onerway-sim-arbitraries': 'arbitraries', 'onerway-sim-vitest': 'vitest' };

let failed = 0;
for (const [report, entry] of Object.entries(ENTRIES)) {
  const dts = `${root}dist/${entry}.d.ts`;
  if (!existsSync(dts)) {
    console.error(`api-report: ${dts} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
  const config = ExtractorConfig.prepare({
    configObjectFullPath: `${root}api-extractor.json`,
    packageJsonFullPath: `${root}package.json`,
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: dts,
      compiler: {
        overrideTsconfig: {
          compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], types: ['node'], skipLibCheck: true, strict: true },
          files: [dts],
        },
      },
      apiReport: { enabled: true, reportFileName: report, reportFolder: `${root}docs/api/`, reportTempFolder: `${root}.tmp/api/` },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        // The report is what reviewers read; release tags and TSDoc style are not checked here.
        compilerMessageReporting: { default: { logLevel: 'warning' } },
        extractorMessageReporting: {
          default: { logLevel: 'warning', addToApiReportFile: true },
          'ae-missing-release-tag': { logLevel: 'none' },
          // Types a subpath uses but the root exports (Simulator, its options): named in the report as they are.
          'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: false },
          // Notes with line numbers of the built (hash-named) chunks would change with every build.
          'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
          'ae-internal-missing-underscore': { logLevel: 'none' },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
  });
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
  if (!result.succeeded) {
    failed++;
    console.error(
      `api-report: the public surface of ${report === 'onerway-sim' ? 'onerway-sim' : report.replace('onerway-sim-', 'onerway-sim/')} differs from docs/api/${report}.api.md.` +
        ' If the change is meant, run `npm run build && npm run api -- --update` and commit the report with it.',
    );
  } else {
    console.log(`api-report: docs/api/${report}.api.md ${result.apiReportChanged ? 'updated' : 'unchanged'}`);
  }
}
process.exit(failed ? 1 : 0);
