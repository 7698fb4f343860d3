const QUOTE = 34;
const LF = 10;

/**
 * Splits the plain lines of a CSV stream into fields without csv-parse, which works on bytes and so re-encodes
 * every decoded character and decodes every field again: on a journal of a million rows it was most of the reading
 * time. Only lines that read the same under every quoting rule are taken here: each field either holds no quote
 * at all, or is wholly quoted with no quote inside. From the first other line on (a quote inside a field, a quoted
 * field running over a line break), everything goes to csv-parse: `feed` and `end` hand that text back.
 * Line endings must already be `\n`, as csv-parse is given them.
 */
export class SimpleRecords {
  /** The start of a line not yet ended, in the pieces it came in: joined once its end comes. */
  private pending: string[] = [];
  private readonly delimiter: number;

  constructor(delimiter: string) {
    this.delimiter = delimiter.length === 1 && delimiter !== '"' && delimiter !== '\n' ? delimiter.charCodeAt(0) : -1;
  }

  /** Whether this delimiter can be split here at all; if not, every character goes to csv-parse. */
  get usable(): boolean {
    return this.delimiter >= 0;
  }

  /** Emits the records of the whole lines in `text`; returns the text from the first line it will not read, if any. */
  feed(text: string, emit: (fields: string[]) => void): string | undefined {
    // A line longer than a chunk (a file with no line break) is searched for its end a chunk at a time: joining the
    // pieces and searching from the start for each chunk took seconds for a line of a few megabytes.
    if (text.indexOf('\n') === -1) {
      this.pending.push(text);
      return undefined;
    }
    const all = this.pending.length > 0 ? this.pending.join('') + text : text;
    this.pending = [];
    let start = 0;
    for (let end = all.indexOf('\n', start); end !== -1; end = all.indexOf('\n', start)) {
      const fields = this.split(all, start, end);
      if (!fields) return all.slice(start);
      emit(fields);
      start = end + 1;
    }
    if (start < all.length) this.pending.push(all.slice(start));
    return undefined;
  }

  /** The last line, when the text does not end with a line break: a record too, as csv-parse reads it. */
  end(emit: (fields: string[]) => void): string | undefined {
    const last = this.pending.join('');
    this.pending = [];
    if (last === '') return undefined;
    const fields = this.split(last, 0, last.length);
    if (!fields) return last;
    emit(fields);
    return undefined;
  }

  private split(text: string, start: number, end: number): string[] | undefined {
    const fields: string[] = [];
    let at = start;
    for (;;) {
      if (at < end && text.charCodeAt(at) === QUOTE) {
        const close = text.indexOf('"', at + 1);
        if (close === -1 || close >= end) return undefined;
        const after = close + 1;
        if (after < end && text.charCodeAt(after) !== this.delimiter) return undefined;
        fields.push(text.slice(at + 1, close));
        if (after >= end) return fields;
        at = after + 1;
      } else {
        let stop = at;
        for (; stop < end; stop++) {
          const code = text.charCodeAt(stop);
          if (code === this.delimiter) break;
          if (code === QUOTE || code === LF) return undefined;
        }
        fields.push(text.slice(at, stop));
        if (stop >= end) return fields;
        at = stop + 1;
      }
    }
  }
}
