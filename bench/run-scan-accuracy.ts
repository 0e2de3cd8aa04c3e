/**
 * Accuracy on simulator output only (no throughput): `npm run build && node dist/bench/run-scan-accuracy.js [profile...] [--count N] [--seed S]`.
 * Used to tune thresholds on the TUNING seed; `npm run bench -- scan` reports on the bench seed.
 */
import { benchScanAccuracy } from './scan-bench.js';

const args = process.argv.slice(2);
const option = (name: string): number | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : undefined;
};
const profiles = args.filter((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--'));
const result = await benchScanAccuracy(process.cwd(), {
  ...(profiles.length > 0 ? { profiles } : {}), ...(option('--count') ? { count: option('--count')! } : {}), ...(option('--seed') ? { seed: option('--seed')! } : {}),
  verbose: args.includes('--verbose'), dumpBoxes: args.includes('--dump'),
});
for (const [key, value] of Object.entries(result)) console.log(`${key.padEnd(44)} ${value}`);
