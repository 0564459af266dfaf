import type { HandlerMap } from '../dispatcher.ts';
import { importErrors } from './importErrors.ts';
import { previewImport } from './previewImport.ts';
import { startImport } from './startImport.ts';

export const importHandlers: HandlerMap<'import.preview' | 'import.start' | 'import.errors'> = {
  'import.preview': ({ contentBase64, mapping }) => previewImport(contentBase64, mapping),
  'import.start': (input, ctx) => startImport(ctx, input),
  'import.errors': ({ id }, { db }) => importErrors(db, id),
};
