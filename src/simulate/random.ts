/** The simulator's randomness is the model's seeded PRNG (one implementation for simulator, exercises and training). */
export { createRng, hashSeed, type Rng } from '../model/index.js';
