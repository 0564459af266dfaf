// The rule of every typed confirmation (DELETE, RESTORE): the word, in capitals, with any spaces
// around it ignored (a trailing space from a paste or autocorrect is not a different answer). While
// the text does not match, the hint under the field says why, once there is something to judge.

/** Whether `typed` confirms `word`: the same letters, same case, spaces around it ignored. */
export const confirms = (typed: string, word: string): boolean => typed.trim() === word;

/** The hint under the field: how to confirm, or why what is typed does not confirm yet. */
export function confirmHint(typed: string, word: string): { text: string; wrong: boolean } {
  const t = typed.trim();
  const how = `Type the word ${word} in capital letters.`;
  if (t === '' || t === word) return { text: how, wrong: false };
  if (t.toUpperCase() === word) return { text: `Use capital letters: ${word}, not ${t}.`, wrong: true };
  if (word.startsWith(t.toUpperCase())) return { text: `Keep typing: ${word} has ${word.length} letters.`, wrong: false };
  if (t.includes(' ') || t.length > word.length) return { text: `Type only the word ${word}, nothing else.`, wrong: true };
  return { text: `That is not ${word}. ${how}`, wrong: true };
}
