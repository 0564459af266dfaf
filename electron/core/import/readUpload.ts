import { decodeBase64, decodeCsv } from '../csv/decode.ts';
import { parseCsv, type CsvTable } from '../csv/parse.ts';

/** The uploaded file as a table: UTF-8 checked, delimiter detected, header split off. */
export function readUpload(contentBase64: string): CsvTable {
  return parseCsv(decodeCsv(decodeBase64(contentBase64)));
}
