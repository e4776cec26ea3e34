import type { SeismicStandard } from '../../../shared/domain/akiya/seismic.ts';
import type {
  ApplicationStatus,
  CheckinKind,
  Condition,
  EventKind,
  Programme,
  PropertyStatus,
  Relation,
  StayStatus,
  Structure,
  VacancyLikelihood,
} from '../../../shared/domain/enums.ts';
import type { RegisterConsentState } from '../../../shared/ipc/views/akiya-register.ts';

/**
 * The words the exported files use. The files go to town offices and the grant's paperwork, so they
 * are in Japanese whatever language the window shows (the same words as the app's Japanese labels).
 */
export const LABELS = {
  programme: {
    nursery_stay: '保育園留学',
    school_stay: '小学生留学',
    trial_living: 'お試し居住',
    workation: 'ワーケーション',
    dual_region: '二地域居住',
    other: 'その他',
  } satisfies Record<Programme, string>,
  stayStatus: { planned: '予定', in_town: '滞在中', completed: '完了', cancelled: '取消' } satisfies Record<
    StayStatus,
    string
  >,
  relation: { parent: '保護者', child: '子ども', other: 'その他' } satisfies Record<Relation, string>,
  checkinKind: {
    arrival: '到着',
    daily: '日々',
    visit: '訪問',
    call: '電話',
    departure: '出発',
  } satisfies Record<CheckinKind, string>,
  condition: { good: '良好', attention: '要注意', urgent: '要対応' } satisfies Record<Condition, string>,
  eventKind: {
    exchange: '交流会',
    experience: '体験',
    briefing: '説明会',
    consultation: '相談会',
    online: 'オンライン',
    other: 'その他',
  } satisfies Record<EventKind, string>,
  eventStatus: { planned: '予定', held: '開催済み', cancelled: '中止' },
  applicationStatus: {
    applied: '申込',
    waiting: 'キャンセル待ち',
    cancelled: '取消',
    absent: '欠席',
  } satisfies Record<ApplicationStatus, string>,
  propertyStatus: {
    candidate: '候補',
    surveyed: '調査済',
    negotiating: '所有者交渉中',
    bank_listed: 'バンク登録',
    renovating: '改修中',
    trial_housing: 'お試し住宅',
    contracted: '成約',
    demolished: '除却',
  } satisfies Record<PropertyStatus, string>,
  structure: { wood: '木造', steel: '鉄骨造', rc: 'RC造', src: 'SRC造', other: 'その他' } satisfies Record<
    Structure,
    string
  >,
  seismic: { old: '旧耐震', new: '新耐震', unknown: '不明' } satisfies Record<SeismicStandard, string>,
  vacancy: { low: '低', medium: '中', high: '高' } satisfies Record<VacancyLikelihood, string>,
  consent: { valid: '有効', expired: '期限切れ', withdrawn: '撤回', none: 'なし' } satisfies Record<
    RegisterConsentState,
    string
  >,
  yes: 'はい',
  no: 'いいえ',
} as const;

/** A code's label, or the code itself for a value this version does not know (a newer laptop's). */
export function label<T extends string>(
  map: Readonly<Record<T, string>>,
  code: string | null,
): string | null {
  if (code === null) return null;
  return (map as Record<string, string>)[code] ?? code;
}
