// `npm run build:workflows`: the prebuilt workflow bundle production workers load
// (WORKFLOW_BUNDLE_PATH, default dist/workflow-bundle.js), so a worker starts without webpack.
import fs from 'node:fs';
import path from 'node:path';
import { BUILT_BUNDLE_FILE, bundleWorkflows } from '../lib/temporal/workflow-code.ts';

const out = process.argv[2] ?? BUILT_BUNDLE_FILE;
const code = await bundleWorkflows();
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, code);
console.log(`qyzmet: workflow bundle written to ${path.relative(process.cwd(), out)} (${(code.length / 1024).toFixed(0)} KiB)`);
