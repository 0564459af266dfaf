// Formula injection: what a spreadsheet would evaluate in a CSV cell, and how Kyrios keeps it text.

/**
 * What makes a spreadsheet (Excel, LibreOffice, Google Sheets, Numbers) read a cell as a formula: a
 * leading = + - @ (or their full-width and small forms, which Excel folds to ASCII), or a tab, CR or
 * LF, also after leading spaces. Leading apostrophes are looked through, so a value that already
 * starts with the neutralising apostrophe gets one more and reads back exactly (see unneutralize).
 */
const FORMULA_START = /^'*[ \u00a0\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212]/;

/**
 * A genuine phone number, kept as it is in the phone column so exports re-import cleanly: digits,
 * spaces and ( ) . -, at most one leading +, and an optional extension ("x12", "ext. 12", "#12").
 * It cannot hold a second + or any letter, so no formula (`+1+cmd|...`, `-2+3+HYPERLINK(...)`) fits;
 * a leading - is refused too (it would be read as a negative number or a formula).
 */
const PHONE = /^(?:\+[ ]?)?[\d(][\d ().-]*\d(?:[ ]*(?:x|ext\.?|#)[ ]*\d{1,6})?$/i;

export const isGenuinePhone = (value: string): boolean => PHONE.test(value);

/**
 * A cell a spreadsheet would evaluate is prefixed with an apostrophe: the spreadsheet shows it as
 * text, so an exported file cannot carry a formula injection. `keepPhones` is set for the phone
 * column only, where a genuine phone number ("+1 555 0100") stays as it is.
 */
export function neutralizeFormula(value: string, keepPhones = false): string {
  if (!FORMULA_START.test(value)) return value;
  if (keepPhones && isGenuinePhone(value)) return value;
  return `'${value}`;
}

/**
 * The reverse, for a cell read back by the import: one apostrophe that neutralizeFormula would have
 * added is removed, so an exported contact re-imports with the value it had ("=Ann" stays "=Ann").
 */
export function unneutralize(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
