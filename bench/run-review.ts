/** `node dist/bench/run-review.js`: the review page benchmark alone (npm run bench composes all benches). */
import { benchReview } from './review-bench.js';

benchReview().then((result) => {
  console.log(JSON.stringify({ review: result }, null, 2));
}).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
