/** Runs the report bench alone (after `npm run build`): `node dist/bench/run-report.js`. */
import { benchReport } from './report-bench.js';

const result = await benchReport();
console.log(JSON.stringify(result, null, 2));
