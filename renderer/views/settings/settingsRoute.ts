// Settings is a view of its own (#/settings), beside the Contacts section and not one of its tabs.
export const SETTINGS_HASH = '#/settings';

export const isSettingsHash = (hash: string): boolean => /^#\/?settings(?:[/?]|$)/.test(hash);
