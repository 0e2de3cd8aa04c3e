/**
 * Names, streets and towns for the residents of an exercise: the mix of origins an HSP in the Netherlands meets.
 * Data only; which name a resident gets is decided by plan-pack.ts from the seed.
 */
import type { NameOrigin, PersonSex } from './scenario.js';

interface NameList {
  readonly female: readonly string[];
  readonly male: readonly string[];
  readonly family: readonly string[];
}

export const RESIDENT_NAMES: Readonly<Record<NameOrigin, NameList>> = {
  dutch: {
    female: ['Sanne', 'Fenna', 'Anouk', 'Maaike', 'Ilse', 'Lotte', 'Ria', 'Truus', 'Noor', 'Emma'],
    male: ['Daan', 'Bram', 'Joris', 'Wouter', 'Sem', 'Kees', 'Henk', 'Gerrit', 'Luuk', 'Jesse'],
    family: ['de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos', 'Peters'],
  },
  ukrainian: {
    female: ['Olena', 'Iryna', 'Nataliia', 'Kateryna', 'Yuliia', 'Oksana'],
    male: ['Andrii', 'Oleksandr', 'Dmytro', 'Serhii', 'Taras', 'Mykola'],
    family: ['Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Kravchenko', 'Melnyk', 'Boiko', 'Lysenko'],
  },
  arabic: {
    female: ['Fatima', 'Aisha', 'Layla', 'Mariam', 'Noor', 'Huda'],
    male: ['Ahmad', 'Mohammed', 'Omar', 'Yusuf', 'Khalid', 'Samir'],
    family: ['Haddad', 'Al-Masri', 'Khalil', 'Nasser', 'Saleh', 'Hamdan', 'Darwish', 'Aziz'],
  },
  turkish: {
    female: ['Elif', 'Zeynep', 'Ayse', 'Fatma', 'Esra', 'Merve'],
    male: ['Emre', 'Mehmet', 'Mustafa', 'Burak', 'Can', 'Kemal'],
    family: ['Yilmaz', 'Kaya', 'Demir', 'Sahin', 'Celik', 'Yildiz', 'Aydin', 'Ozturk'],
  },
  polish: {
    female: ['Katarzyna', 'Agnieszka', 'Magdalena', 'Anna', 'Joanna', 'Ewa'],
    male: ['Piotr', 'Tomasz', 'Krzysztof', 'Pawel', 'Marek', 'Jan'],
    // Surnames that do not change with gender (Kowalski/Kowalska would need the sex).
    family: ['Nowak', 'Wojcik', 'Wozniak', 'Mazur', 'Krawczyk', 'Kaczmarek', 'Zajac', 'Krol'],
  },
};

export function givenNames(origin: NameOrigin, sex: PersonSex): readonly string[] {
  const list = RESIDENT_NAMES[origin];
  return sex === 'f' ? list.female : sex === 'm' ? list.male : [...list.female, ...list.male];
}

export const STREETS = ['Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Julianalaan', 'Molenweg', 'Schoolstraat', 'Breestraat', 'Beukenlaan', 'Hoofdweg', 'Lindelaan'];
export const TOWNS = ['Zaandam', 'Haarlem', 'Amersfoort', 'Zwolle', 'Arnhem', 'Leiden'];
