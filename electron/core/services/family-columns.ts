import type { FamilyFields } from '../../../shared/domain/records.ts';

/** A family form's fields as table columns (shared by create, edit and enquiry conversion). */
export function familyColumns(f: FamilyFields) {
  return {
    family_name: f.familyName,
    family_name_kana: f.familyNameKana,
    home_postal_code: f.homePostalCode,
    home_prefecture: f.homePrefecture,
    home_city: f.homeCity,
    phone: f.phone,
    email: f.email,
    emergency_contact_name: f.emergencyContactName,
    emergency_contact_phone: f.emergencyContactPhone,
    referral_source: f.referralSource,
    consent_photo: f.consentPhoto ? 1 : 0,
    consent_share: f.consentShare ? 1 : 0,
    notes: f.notes,
  };
}
