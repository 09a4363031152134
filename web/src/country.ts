/** An ISO 3166-1 alpha-2 code as the country's name in `lang`, followed by the code. */
export function displayCountry(code: string, lang: string): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}
