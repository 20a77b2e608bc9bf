/** The shape of the `language` option of a session (a BCP 47 tag: letters, then parts of 1–8 letters or digits). */
export const LANGUAGE_PATTERN = '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$';
