/**
 * Runs the digit-cell benchmark alone and prints its figures: `npm run build && node dist/bench/run-digits.js`.
 */
import { benchDigits } from './digits-bench.js';

const figures = await benchDigits();
for (const [name, value] of Object.entries(figures)) {
  console.log(`${name.padEnd(40)} ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : value}`);
}
