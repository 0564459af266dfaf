// Server state of the Contacts list (scope 'contacts' of data.changed).
export const contactsKeys = {
  all: ['contacts'] as const,
  tags: ['contacts', 'tags'] as const,
};
