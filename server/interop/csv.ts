/*
 * CSV as RFC 4180 writes it (fields in double quotes may hold the separator, line breaks and
 * doubled quotes), read with the separator spreadsheets use in the writer's locale: a comma, or
 * a semicolon where the comma is the decimal mark.
 */

export type CsvTable = { separator: ',' | ';'; rows: string[][] };

/** The separator of the header line: whichever of comma and semicolon it holds more of outside quotes. */
function separatorOf(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * The rows of a CSV text (a leading byte-order mark dropped, CRLF or LF line ends, blank lines
 * skipped), or the line where a quoted field opens and is never closed.
 */
export function parseCsv(input: string): CsvTable | { unclosedQuoteAtLine: number } {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const separator = separatorOf(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      continue;
    } else if (char === '\n' || char === '\r') {
      endRow();
      line += 1;
    } else {
      field += char;
    }
  }
  if (quoted) return { unclosedQuoteAtLine: quoteLine };
  if (field !== '' || row.length > 0) endRow();
  return { separator, rows };
}

/** One CSV field as RFC 4180 writes it: quoted when it holds the separator, a quote or a line break. */
export function csvField(value: string, separator: ',' | ';' = ','): string {
  return value.includes(separator) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
