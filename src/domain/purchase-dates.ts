/**
 * The two earliest purchase dates of each client among many purchases seen one at a time: what a bulk import adds to
 * the per-client purchase summary, remembered in two arrays indexed by client id (ids are small dense integers)
 * rather than one object per client, because an import sees a purchase per row.
 */
export class EarliestPurchases {
  private readonly firstDates: Array<string | undefined> = [];
  private readonly secondDates: Array<string | undefined> = [];

  /** A purchase (`YYYY-MM-DD`) of `clientId`. */
  add(clientId: number, date: string): void {
    const first = this.firstDates[clientId];
    if (first === undefined) {
      // Both arrays grow together and without gaps: a second date set far beyond an array's end would turn it into
      // a dictionary, whose lookups cost several times an array's on a million rows.
      while (this.firstDates.length <= clientId) {
        this.firstDates.push(undefined);
        this.secondDates.push(undefined);
      }
      this.firstDates[clientId] = date;
    } else if (date < first) {
      this.secondDates[clientId] = first;
      this.firstDates[clientId] = date;
    } else {
      const second = this.secondDates[clientId];
      if (second === undefined || date < second) this.secondDates[clientId] = date;
    }
  }

  /** [client id, first date, second date or null] for every client seen, by id. */
  *entries(): Generator<[number, string, string | null]> {
    for (let clientId = 0; clientId < this.firstDates.length; clientId++) {
      const first = this.firstDates[clientId];
      if (first !== undefined) yield [clientId, first, this.secondDates[clientId] ?? null];
    }
  }
}
