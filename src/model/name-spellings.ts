/**
 * How people write the same name differently: a Ukrainian name in Cyrillic, the other transliterations and national
 * spellings relatives use, Dutch particles dropped or moved behind the core, a slip of the pen. Pure data and
 * functions of a seeded Rng, shared by the simulator's family-link batches and the exercise packs' family-link pairs,
 * so both write names as people do. (Matching has its own variant table, family-links/name-variants.json, on purpose:
 * the simulator must not be graded by its own list.)
 */
import type { Rng } from './random.js';

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
