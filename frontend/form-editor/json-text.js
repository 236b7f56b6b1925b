// JSON text helpers for the form editor: parse with a line and column for the mistake,
// and write back in the files' style (2-space indent, newline at the end).

/** 1-based line and column of a character offset in text. */
export function lineColumn(text, position) {
  const before = text.slice(0, Math.max(0, Math.min(position, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** The character offset of a 1-based line's start (for putting the caret there). */
export function lineStart(text, line) {
  let offset = 0;
  for (let n = 1; n < line; n += 1) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/**
 * Where JSON text first goes wrong, or -1 if it is valid. A small strict scanner used when the
 * browser's own message carries no position (Chromium's "Unexpected token" messages, for one).
 */
export function errorPosition(text) {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.ws();
    if (scanner.i < scanner.n) scanner.fail();
    return -1;
  } catch (error) {
    if (error instanceof ScanError) return error.position;
    throw error;
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Walks JSON text: each method moves `i` past one part, or throws a ScanError where it goes wrong. */
class Scanner {
  constructor(text) {
    this.text = text;
    this.i = 0;
    this.n = text.length;
  }

  fail() {
    throw new ScanError(this.i);
  }

  ws() {
    while (this.i < this.n && " \t\n\r".includes(this.text[this.i])) this.i += 1;
  }

  value() {
    this.ws();
    if (this.i >= this.n) this.fail();
    const ch = this.text[this.i];
    if (ch === "{") this.object();
    else if (ch === "[") this.array();
    else if (ch === '"') this.string();
    else if (ch === "-" || (ch >= "0" && ch <= "9")) this.number();
    else this.literal();
  }

  object() {
    const { text } = this;
    this.i += 1;
    this.ws();
    if (text[this.i] === "}") {
      this.i += 1;
      return;
    }
    for (;;) {
      this.ws();
      if (text[this.i] !== '"') this.fail();
      this.string();
      this.ws();
      if (text[this.i] !== ":") this.fail();
      this.i += 1;
      this.value();
      if (this.closedAfterMember("}")) return;
    }
  }

  array() {
    const { text } = this;
    this.i += 1;
    this.ws();
    if (text[this.i] === "]") {
      this.i += 1;
      return;
    }
    for (;;) {
      this.value();
      if (this.closedAfterMember("]")) return;
    }
  }

  // After an object's or array's member: a comma (another member follows) or its closer.
  closedAfterMember(closer) {
    this.ws();
    const next = this.text[this.i];
    if (next !== "," && next !== closer) this.fail();
    this.i += 1;
    return next === closer;
  }

  string() {
    const { text, n } = this;
    this.i += 1; // opening quote
    while (this.i < n) {
      const ch = text[this.i];
      if (ch === '"') {
        this.i += 1;
        return;
      }
      if (ch === "\\") {
        const esc = text[this.i + 1];
        if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          this.i += 2;
          continue;
        }
        if (esc === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 2, this.i + 6))) {
          this.i += 6;
          continue;
        }
        this.i += 1;
        this.fail();
      }
      if (ch < " ") this.fail();
      this.i += 1;
    }
    this.fail();
  }

  number() {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (!match || match[0] === "-") this.fail();
    this.i += match[0].length;
  }

  literal() {
    for (const literal of ["true", "false", "null"]) {
      if (this.text.startsWith(literal, this.i)) {
        this.i += literal.length;
        return;
      }
    }
    this.fail();
  }
}

class ScanError extends Error {
  constructor(position) {
    super(`JSON error at ${position}`);
    this.position = position;
  }
}

/** The browser's message without the position part and the quoted copy of the text. */
function tidyMessage(message) {
  return String(message || "Not valid JSON")
    .replace(/^JSON\.parse:\s*/, "")
    .replace(/,\s*(\.\.\.)?"[\s\S]*is not valid JSON$/, "")
    .replace(/\s+(in JSON\s+)?at position \d+[\s\S]*$/, "")
    .replace(/\s+at line \d+ column \d+ of the JSON data$/, "")
    .trim();
}

/**
 * Parse JSON text. Returns {ok: true, value} or {ok: false, message, position, line, column}.
 * The line and column are worked out here from the position in the browser's message
 * ("... at position N"), or from our own scan when the message has none.
 */
export function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const match = /position (\d+)/.exec(error.message || "");
    let position = match ? Number(match[1]) : errorPosition(text);
    if (position < 0) position = text.length;
    const { line, column } = lineColumn(text, position);
    const atEnd = text.slice(position).trim() === "";
    let message = tidyMessage(error.message);
    if (atEnd && !/end/i.test(message)) message = "The JSON ends too early (a bracket or quote is missing)";
    return { ok: false, message, position, line, column };
  }
}

/** JSON text as the form files are written: 2-space indent and a final newline. */
export function toText(value) {
  return `${JSON.stringify(value, null, 2)}\n`;
}
