/**
 * The tally: every protected count is an entry keyed family|category|site|period, where '*' (ALL) is "all".
 * Adding to a cell adds to its site total and grand total; "awaiting" counts sheets that could not be counted yet.
 */

export const ALL = '*';

export class Tally {
  readonly values = new Map<string, number>();
  readonly awaiting = new Map<string, number>();

  static key(family: string, category: string, site: string, period: string): string {
    return `${family}|${category}|${site}|${period}`;
  }

  /** Adds to the finest cell and to its site total and grand total. */
  add(family: string, category: string, site: string, period: string, amount = 1): void {
    if (amount === 0) return;
    this.bump(this.values, Tally.key(family, category, site, period), amount);
    if (period !== ALL) this.bump(this.values, Tally.key(family, category, site, ALL), amount);
    if (site !== ALL) this.bump(this.values, Tally.key(family, category, ALL, ALL), amount);
  }

  /** A sheet of this site and period could not be counted in this family yet. */
  wait(family: string, site: string, period: string): void {
    this.bump(this.awaiting, Tally.key(family, ALL, site, period), 1);
    if (period !== ALL) this.bump(this.awaiting, Tally.key(family, ALL, site, ALL), 1);
    if (site !== ALL) this.bump(this.awaiting, Tally.key(family, ALL, ALL, ALL), 1);
  }

  /** A sheet is in this site's period only for now (its written time awaits review): that period's figures may
   * change when it moves, the site's and the grand totals cannot (the sheet is counted in them either way). */
  waitForTime(family: string, site: string, period: string): void {
    this.bump(this.awaiting, Tally.key(family, ALL, site, period), 1);
  }

  value(key: string): number {
    return this.values.get(key) ?? 0;
  }

  waiting(family: string, site: string, period: string): number {
    return this.awaiting.get(Tally.key(family, ALL, site, period)) ?? 0;
  }

  private bump(map: Map<string, number>, key: string, amount: number): void {
    map.set(key, (map.get(key) ?? 0) + amount);
  }
}

