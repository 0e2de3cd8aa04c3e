/**
 * Simulated family-link people at the transcribed level (what a person typed after reading the handwriting): a
 * population of registrations and seekers with ground-truth pairs, spelled as people spell. Pure: seed in, values out.
 */
import type { FieldValue, Rng } from '../model/index.js';

type Origin = 'dutch' | 'ukrainian' | 'arabic' | 'turkish' | 'polish';
const ORIGINS: readonly (readonly [Origin, number])[] = [['dutch', 5], ['ukrainian', 2], ['arabic', 2], ['turkish', 1.5], ['polish', 1]];

/** Name pools with real frequency skew (the first names of each list are drawn most), Dutch surnames with particles. */
const NAMES: Readonly<Record<Origin, { given: readonly string[]; family: readonly string[] }>> = {
  dutch: {
    given: ['Sanne', 'Daan', 'Fenna', 'Bram', 'Anouk', 'Joris', 'Maaike', 'Wouter', 'Ilse', 'Sem', 'Lotte', 'Kees', 'Anna', 'Jan', 'Maria', 'Pieter', 'Emma', 'Lucas', 'Sophie', 'Thijs', 'Noor', 'Ruben', 'Eva', 'Joost', 'Femke', 'Hendrik', 'Willemijn', 'Gerrit', 'Marieke', 'Bas'],
    family: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Dijkstra', 'Smits', 'de Graaf', 'van der Meer', 'van der Linden', 'Kok', 'Jacobs', 'de Haan', 'Vermeulen', 'van den Heuvel', 'van der Veen', "in 't Veld", 'ter Horst', 'van Beek', 'Hoekstra', 'Schouten', 'van Vliet', 'Willems', 'Koster', 'Prins', 'Huisman', 'Kuipers', 'van Wijk', 'Postma'],
  },
  ukrainian: {
    given: ['Olena', 'Andrii', 'Iryna', 'Oleksandr', 'Nataliia', 'Dmytro', 'Kateryna', 'Serhii', 'Yuliia', 'Taras', 'Oksana', 'Mykola', 'Halyna', 'Volodymyr', 'Svitlana', 'Bohdan', 'Tetiana', 'Yurii'],
    family: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchenko', 'Melnyk', 'Boiko', 'Oliinyk', 'Lysenko', 'Moroz', 'Hnatiuk', 'Koval', 'Savchenko', 'Rudenko', 'Marchenko', 'Petrenko', 'Klymenko', 'Pavlenko', 'Polishchuk', 'Kovalchuk'],
  },
  arabic: {
    given: ['Mohammed', 'Ahmad', 'Fatima', 'Aisha', 'Omar', 'Layla', 'Yusuf', 'Mariam', 'Khalid', 'Noor', 'Hassan', 'Ali', 'Zainab', 'Ibrahim', 'Samira', 'Karim'],
    family: ['Haddad', 'Al-Masri', 'Khalil', 'Nasser', 'Saleh', 'Hamdan', 'Othman', 'Darwish', 'Youssef', 'Aziz', 'Al-Hassan', 'Ibrahim', 'Mansour', 'El-Amrani', 'Qasim', 'Suleiman', 'Al-Rashid', 'Bakr'],
  },
  turkish: {
    given: ['Mehmet', 'Mustafa', 'Emre', 'Elif', 'Zeynep', 'Ayse', 'Burak', 'Fatma', 'Can', 'Esra', 'Hatice', 'Ahmet', 'Murat', 'Emine'],
    family: ['Yilmaz', 'Kaya', 'Demir', 'Sahin', 'Celik', 'Yildiz', 'Aydin', 'Ozturk', 'Arslan', 'Dogan', 'Kilic', 'Aslan', 'Cetin', 'Kara', 'Koc', 'Kurt'],
  },
  polish: {
    given: ['Anna', 'Piotr', 'Katarzyna', 'Tomasz', 'Magdalena', 'Krzysztof', 'Agnieszka', 'Pawel', 'Joanna', 'Marek', 'Lukasz', 'Ewa'],
    family: ['Nowak', 'Kowalski', 'Wisniewski', 'Wojcik', 'Kaminski', 'Lewandowski', 'Zielinski', 'Szymanski', 'Wozniak', 'Dabrowski', 'Kozlowski', 'Jankowski'],
  },
};

export interface SimPerson {
  readonly origin: Origin;
  readonly given: string;
  readonly family: string;
  readonly sex: 'f' | 'm';
  /** DDMMYYYY */
  readonly dob: string;
  readonly pc4: string;
  /** 10 digits, 06… */
  readonly phone: string;
}

/** Draws from a list with a Zipf-like skew: the first names are the common ones (de Jong, Jansen, Mohammed), the first of
 * about 30 drawn for some 8 % of people. */
function skewedPick<T>(items: readonly T[], rng: Rng): T {
  const index = Math.min(items.length - 1, Math.floor(items.length * rng.next() ** 1.4));
  return items[index]!;
}

export function drawPerson(rng: Rng): SimPerson {
  const origin = rng.weighted(ORIGINS);
  const pool = NAMES[origin];
  const year = rng.int(1935, 2022);
  const dob = `${String(rng.int(1, 28)).padStart(2, '0')}${String(rng.int(1, 12)).padStart(2, '0')}${year}`;
  return {
    origin, given: skewedPick(pool.given, rng), family: skewedPick(pool.family, rng), sex: rng.chance(0.5) ? 'f' : 'm', dob,
    // Six sites in one region: most postcodes share the first two digits.
    pc4: `${rng.pick(['10', '10', '11', '15', '20'])}${String(rng.int(0, 99)).padStart(2, '0')}`,
    phone: `06${String(rng.int(10_000_000, 99_999_999))}`,
  };
}

/** A person of the same origin and surname born the same year, with another given name: the look-alike non-match. */
export function lookAlike(of: SimPerson, rng: Rng): SimPerson {
  const givens = NAMES[of.origin].given.filter((given) => given !== of.given);
  const base = drawPerson(rng);
  return { ...base, origin: of.origin, family: of.family, given: rng.pick(givens), dob: `${base.dob.slice(0, 4)}${of.dob.slice(4)}` };
}

export type SheetValues = Record<string, FieldValue>;
