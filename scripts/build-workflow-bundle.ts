// `npm run build:workflows`: the prebuilt workflow bundle production workers load
// (WORKFLOW_BUNDLE_PATH, default dist/workflow-bundle.js), so a worker starts without webpack.
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from '../lib/config.ts';

const out = process.argv[2] ?? path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error };
const { code } = await bundleWorkflowCode({ workflowsPath: path.join(PROJECT_ROOT, 'workflows', 'index.ts'), logger: quiet });
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, code);
console.log(`qyzmet: workflow bundle written to ${path.relative(process.cwd(), out)} (${(code.length / 1024).toFixed(0)} KiB)`);
