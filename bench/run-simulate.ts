/** Runs the simulator benchmark alone: `npx tsc -p tsconfig.build.json && node dist/bench/run-simulate.js [profile…]`. */
import { PROFILE_NAMES, type ProfileName } from '../src/simulate/index.js';
import { benchSimulate } from './simulate-bench.js';

const requested = process.argv.slice(2).filter((name): name is ProfileName => (PROFILE_NAMES as readonly string[]).includes(name));
const results = await benchSimulate(requested.length > 0 ? requested : PROFILE_NAMES);
for (const [key, value] of Object.entries(results)) console.log(`${key.padEnd(46)} ${value}`);
