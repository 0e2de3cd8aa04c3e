/** Exercise packs draw from the model's seeded PRNG: the same scenario, sites, participants and seed give the same pack. */
export { createRng, hashSeed, type Rng } from '../model/index.js';
