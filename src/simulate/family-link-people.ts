/**
 * Simulated family-link people at the transcribed level (what a person typed after reading the handwriting): a
 * population of registrations and seekers with ground-truth pairs, spelled as people spell. Pure: seed in, values out.
 */
import type { FieldValue } from '../model/index.js';
import type { Rng } from '../model/index.js';

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

/** Ukrainian names as written in Cyrillic by the person (transcribed as written): the sheet holds Cyrillic. */
const CYRILLIC: Readonly<Record<string, string>> = {
  Olena: 'Олена', Andrii: 'Андрій', Iryna: 'Ірина', Oleksandr: 'Олександр', Nataliia: 'Наталія', Dmytro: 'Дмитро', Kateryna: 'Катерина',
  Serhii: 'Сергій', Yuliia: 'Юлія', Taras: 'Тарас', Oksana: 'Оксана', Mykola: 'Микола', Halyna: 'Галина', Volodymyr: 'Володимир',
  Svitlana: 'Світлана', Bohdan: 'Богдан', Tetiana: 'Тетяна', Yurii: 'Юрій',
  Shevchenko: 'Шевченко', Kovalenko: 'Коваленко', Bondarenko: 'Бондаренко', Tkachenko: 'Ткаченко', Kravchenko: 'Кравченко', Melnyk: 'Мельник',
  Boiko: 'Бойко', Oliinyk: 'Олійник', Lysenko: 'Лисенко', Moroz: 'Мороз', Hnatiuk: 'Гнатюк', Koval: 'Коваль', Savchenko: 'Савченко',
  Rudenko: 'Руденко', Marchenko: 'Марченко', Petrenko: 'Петренко', Klymenko: 'Клименко', Pavlenko: 'Павленко', Polishchuk: 'Поліщук', Kovalchuk: 'Ковальчук',
};
/** Spellings other people use for the same name (Russian-style, English-style, French-style transliteration). */
const OTHER_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  Oleksandr: ['Aleksandr', 'Alexander', 'Olexandr'], Andrii: ['Andrei', 'Andriy'], Dmytro: ['Dmitry', 'Dmitri'], Serhii: ['Sergei', 'Serhiy'],
  Yuliia: ['Yulia', 'Julia'], Nataliia: ['Natalia', 'Natalya'], Olena: ['Elena', 'Yelena'], Iryna: ['Irina'], Kateryna: ['Ekaterina', 'Katerina'],
  Yurii: ['Yuri', 'Yuriy'], Halyna: ['Galina'], Mykola: ['Nikolai', 'Mykola'], Volodymyr: ['Vladimir'], Tetiana: ['Tatiana', 'Tatyana'],
  Mohammed: ['Muhammad', 'Mohamed', 'Mohammad'], Ahmad: ['Ahmed'], Yusuf: ['Youssef', 'Yousef'], Aisha: ['Aicha', 'Aysha'], Omar: ['Umar'],
  Khalid: ['Khaled'], Layla: ['Leila', 'Laila'], Mariam: ['Maryam'], Noor: ['Nour', 'Nur'], Fatima: ['Fatma'], Hassan: ['Hasan'], Zainab: ['Zeinab'],
  Youssef: ['Yousef', 'Yusuf'], Haddad: ['Hadad'], Jansen: ['Janssen'], Meijer: ['Meyer'], Shevchenko: ['Schevchenko', 'Sevcenko'],
  Melnyk: ['Melnik'], Boiko: ['Boyko'], Oliinyk: ['Oleinik'], Lysenko: ['Lisenko'], Wojcik: ['Wójcik'], Wisniewski: ['Wiśniewski'],
  Lukasz: ['Łukasz'], Pawel: ['Paweł'], Ozturk: ['Öztürk'], Sahin: ['Şahin'], Celik: ['Çelik'], Yildiz: ['Yıldız'], Dogan: ['Doğan'], Ayse: ['Ayşe'],
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

/** One typing or reading slip: a letter dropped, doubled, swapped with the next, or replaced by a look-alike. */
export function typo(word: string, rng: Rng): string {
  if (word.length < 4) return word;
  const at = rng.int(1, word.length - 2);
  switch (rng.int(0, 3)) {
    case 0: return word.slice(0, at) + word.slice(at + 1);
    case 1: return word.slice(0, at) + word[at] + word.slice(at);
    case 2: return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    default: {
      const lookAlike: Readonly<Record<string, string>> = { a: 'o', o: 'a', e: 'c', i: 'l', n: 'm', m: 'n', u: 'v', r: 'n', l: 'i', s: 'z', k: 'h', h: 'k', y: 'j', j: 'y' };
      const letter = word[at]!.toLowerCase();
      return word.slice(0, at) + (lookAlike[letter] ?? letter) + word.slice(at + 1);
    }
  }
}

export function otherSpelling(name: string, rng: Rng): string | null {
  const options = OTHER_SPELLINGS[name];
  return options ? rng.pick(options) : null;
}

/** Written in Cyrillic when the person is Ukrainian and the pool knows the name, else as given. */
export function inCyrillic(name: string): string {
  return CYRILLIC[name] ?? name;
}

/** The same family name with its particles dropped or written after the core ("van Dijk" → "Dijk" or "Dijk, van"). */
export function moveParticles(family: string, rng: Rng): string | null {
  const match = /^((?:[a-z']+ )+)(.+)$/.exec(family);
  if (!match) return null;
  return rng.chance(0.5) ? match[2]! : `${match[2]!}, ${match[1]!.trim()}`;
}

/** A person of the same origin and surname born the same year, with another given name: the look-alike non-match. */
export function lookAlike(of: SimPerson, rng: Rng): SimPerson {
  const givens = NAMES[of.origin].given.filter((given) => given !== of.given);
  const base = drawPerson(rng);
  return { ...base, origin: of.origin, family: of.family, given: rng.pick(givens), dob: `${base.dob.slice(0, 4)}${of.dob.slice(4)}` };
}

export type SheetValues = Record<string, FieldValue>;
