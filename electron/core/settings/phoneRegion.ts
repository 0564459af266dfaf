import { isSupportedCountry } from 'libphonenumber-js';

/**
 * The region phone numbers written without a country code belong to, until the user picks one in
 * Settings: the region of the operating system's locale (en-GB -> GB; a locale that names no region
 * gets its likeliest one, en -> US, de -> DE). When the locale names none that libphonenumber knows
 * (C/POSIX), US.
 */
export function defaultPhoneRegion(locale = Intl.DateTimeFormat().resolvedOptions().locale): string {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    if (region !== undefined && isSupportedCountry(region)) return region;
  } catch {
    // a malformed locale: the fallback below
  }
  return 'US';
}
