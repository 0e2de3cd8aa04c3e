/**
 * The person sought as the relative writes them: another transliteration of the given name (Dmytro → Dmitry), the
 * family name's particles dropped or moved ("de Vries" → "Vries, de"), or else a slip of the pen, so that matching a
 * parent and child in the exercise takes the match queue, not a glance. Pure: the pair's own Rng decides.
 */
import { moveParticles, otherSpelling, typo, type Rng } from '../model/index.js';

export function asRemembered<P extends { readonly given: string; readonly family: string }>(person: P, rng: Rng): P {
  const given = rng.chance(0.7) ? otherSpelling(person.given, rng) ?? person.given : person.given;
  const family = rng.chance(0.5) ? moveParticles(person.family, rng) ?? person.family : person.family;
  if (given !== person.given || family !== person.family) return { ...person, given, family };
  // No variant known for these names: one slip, in the longer of the two so it stays recognisable.
  return person.given.length >= person.family.length ? { ...person, given: typo(person.given, rng) } : { ...person, family: typo(person.family, rng) };
}
