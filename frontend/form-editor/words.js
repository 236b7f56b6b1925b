// Words the editor shows in more than one place.

/** The two files as people know them (keys as the preview's and the save's problems name them). */
export const FILE_NAMES = { schema: "JSON Schema", ui_schema: "UI schema" };

/** ‘Grounds for default’: a name quoted in the editor's messages. */
export const quote = (text) => `‘${text}’`;

/** What a screen reader hears after a button's text: "Move up" + " ‘Decision’". */
export const hiddenSuffix = (text) => ` ${quote(text)}`;
