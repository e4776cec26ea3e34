/**
 * PLACEHOLDER so the property page compiles before the consents branch lands: the real log comes
 * from helper C's branch (`consents`), which replaces this file at merge.
 */
export function DisclosureLog(_: { propertyId: string }) {
  return null;
}
