// Settings > Team: the Settings view scrolled to its Team section.
export const TEAM_SETTINGS_HASH = '#/settings?section=team';
export const TEAM_SECTION_ID = 'settings-team';
