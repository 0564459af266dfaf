import type { IncomingMessage, ServerResponse } from 'node:http';
import { FILE_BODY_LIMIT, FILE_CHANNELS, isChannelName } from '../../shared/contract.ts';
import type { Dispatcher } from '../core/dispatcher.ts';
import { readBody } from './body.ts';
import { fail, sendError, sendJson } from './respond.ts';

/**
 * POST /api/<channel>: the channel's JSON input in, its result out (200), or `{ error: { code, message } }`
 * with the status of the error's code. The caller has already checked Host and token.
 */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  channel: string,
  dispatcher: Dispatcher,
  bodyLimit: number,
): Promise<void> {
  if (req.method !== 'POST') {
    req.resume();
    sendError(res, fail('VALIDATION', `Use POST to call ${channel.slice(0, 100)}.`), { Allow: 'POST' }, 405);
    return;
  }
  if (!isChannelName(channel)) {
    req.resume();
    sendError(res, fail('UNKNOWN_CHANNEL', `There is no channel named ${channel.slice(0, 100)}.`));
    return;
  }
  const limit = FILE_CHANNELS.has(channel) ? Math.max(bodyLimit, FILE_BODY_LIMIT) : bodyLimit;
  const body = await readBody(req, limit);
  if (!body.ok) {
    if (body.reason === 'too_large') {
      sendError(res, fail('TOO_LARGE', `The request body is larger than ${limit} bytes.`), { Connection: 'close' });
    } else {
      res.destroy();
    }
    return;
  }
  let input: unknown = {};
  if (body.text.trim() !== '') {
    try {
      input = JSON.parse(body.text);
    } catch {
      sendError(res, {
        code: 'VALIDATION',
        message: 'The request body is not valid JSON.',
        issues: [{ path: '', message: 'not valid JSON' }],
      });
      return;
    }
  }
  const envelope = await dispatcher.call(channel, input);
  if (envelope.ok) sendJson(res, 200, envelope.result);
  else sendError(res, envelope.error);
}
