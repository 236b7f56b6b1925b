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
  let i = 0;
  const n = text.length;
  const fail = () => {
    throw new ScanError(i);
  };
  const ws = () => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i += 1;
  };
  const string = () => {
    i += 1; // opening quote
    while (i < n) {
      const ch = text[i];
      if (ch === '"') {
        i += 1;
        return;
      }
      if (ch === "\\") {
        const esc = text[i + 1];
        if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          i += 2;
          continue;
        }
        if (esc === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          i += 6;
          continue;
        }
        i += 1;
        fail();
      }
      if (ch < " ") fail();
      i += 1;
    }
    fail();
  };
  const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const value = () => {
    ws();
    if (i >= n) fail();
    const ch = text[i];
    if (ch === "{") {
      i += 1;
      ws();
      if (text[i] === "}") {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i += 1;
        value();
        ws();
        if (text[i] === ",") {
          i += 1;
          continue;
        }
        if (text[i] === "}") {
          i += 1;
          return;
        }
        fail();
      }
    }
    if (ch === "[") {
      i += 1;
      ws();
      if (text[i] === "]") {
        i += 1;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ",") {
          i += 1;
          continue;
        }
        if (text[i] === "]") {
          i += 1;
          return;
        }
        fail();
      }
    }
    if (ch === '"') {
      string();
      return;
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (!match || match[0] === "-") fail();
      i += match[0].length;
      return;
    }
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    fail();
  };
  try {
    value();
    ws();
    if (i < n) fail();
    return -1;
  } catch (error) {
    if (error instanceof ScanError) return error.position;
    throw error;
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
