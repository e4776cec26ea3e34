import type { EventKind } from '../../../shared/domain/enums.ts';
import type { Weighted } from './prng.ts';

/**
 * The free text of the sample: what a coordinator actually writes in a check-in, what families ask,
 * what a surveyor notes. `{child}` is replaced by a child's name with くん/ちゃん; a note that names a
 * child who is ill also marks that child absent in the day's attendance.
 */

export const CHILD_PLACEHOLDER = '{child}';

export const GOOD_NOTES = [
  '特に変わりなし',
  '週末は川遊びをしたとのこと',
  '近所の方から野菜をいただいたそう',
  '近所の子と公園で遊んでいた',
  '温泉施設を利用したとのこと',
  '町内のスーパーと病院の場所を案内',
  '{child}が地域の方に声をかけてもらい喜んでいた',
];

/** Good-day notes about nursery/school: only for children enrolled here, on a school day. */
export const GOOD_SCHOOL_NOTES = [
  '{child}が元気に登園しました',
  '{child}は保育園にもすっかり慣れた様子',
  'お迎えの時に園の先生と話が弾んでいた',
  '{child}が園で友だちができたと話していた',
  '{child}は給食を完食したそう',
];

/** Notes that say a named child stayed home from nursery/school (the child is marked absent). */
export const ATTENTION_ABSENT_NOTES = [
  '{child}が発熱のため保育園を欠席',
  '{child}が鼻水・咳あり、今日は家で様子見',
  '{child}が軽い下痢のため欠席、食事に注意するよう伝えた',
  '{child}が登園をしぶり、今日はお休み',
];

export const ATTENTION_SCHOOL_NOTES = [
  '{child}が朝泣いて登園をしぶる、先生と相談',
  '{child}が園で転んで膝を擦りむいた',
];

export const ATTENTION_NOTES = [
  '夜泣きが続いているとのこと',
  '蚊に刺されて腫れている、薬局を案内',
  '保護者が疲れ気味、声かけを継続',
  '住宅の給湯器の調子が悪いとの連絡、管理者に連絡済み',
  '雨が続き外遊びができずストレス気味',
  '車のバッテリーが上がったとの相談',
  '住宅にムカデが出たとの連絡、対策を案内',
  '{child}が食欲なし、明日も様子を確認',
];

/** Urgent notes about a named child who is ill or hurt (marked absent if enrolled that day). */
export const URGENT_CHILD_NOTES = [
  '{child}が39度の発熱、町内の小児科を受診',
  '{child}が夜間に嘔吐、休日当番医を案内',
  '{child}がハチに刺され受診',
  '{child}が転んで頭を打った、病院で経過観察',
  '{child}にアレルギー症状が出たため救急受診',
];

export const URGENT_NOTES = [
  '住宅で水漏れ、業者を手配',
  '台風接近のため避難所の場所を案内',
  '保護者が体調不良、子どもの送迎を地域の方に依頼',
  '住宅の鍵を紛失、管理者が対応',
];

export const VISIT_NOTES = [
  'お試し住宅を訪問、特に問題なし',
  '生活面の困りごとを聞き取り',
  '地域の行事を案内',
  '町内のおすすめの遊び場を紹介',
  '夕方に住宅を訪問、困りごとなし',
];

export const CALL_NOTES = [
  '電話で様子を確認、順調とのこと',
  '帰りの便について確認',
  '延泊の相談あり、空き状況を確認中',
  '次回の滞在希望について聞き取り',
];

export const REFERRAL_SOURCES: Weighted<string> = [
  ['保育園留学の公式サイト', 8],
  ['Instagram', 5],
  ['知人の紹介', 5],
  ['町のホームページ', 3],
  ['移住フェア', 2],
  ['テレビ番組', 2],
  ['ふるさと納税', 1],
  ['新聞記事', 1],
  ['YouTube', 1],
];

export const FAMILY_NOTES = [
  '父親はフルリモート勤務',
  '車で来町（フェリー利用）',
  '下の子は人見知りが強い',
  '将来的な移住を検討中',
  '食事は自炊が中心',
  '空き家バンクの物件にも関心あり',
  '地域の行事に積極的に参加したいとのこと',
];

export const STAY_NOTES = [
  '空港からレンタカーで来町',
  'アレルギー対応の給食について調整済み',
  'テレワーク用にWi-Fiのある住宅を希望',
  '自転車の貸し出し希望',
  'チャイルドシートの貸し出しあり',
  '滞在後半に家族が合流予定',
];

export const CHILD_ALLERGIES: Weighted<string> = [
  ['卵', 4],
  ['乳', 3],
  ['小麦', 2],
  ['そば', 2],
  ['卵・乳', 2],
  ['えび・かに', 1],
  ['ピーナッツ', 1],
];

export const CHILD_CARE_NOTES = [
  'アトピー性皮膚炎のため保湿剤を持参',
  '熱性けいれんの既往あり',
  '昼寝の時はタオルケットが必要',
  '偏食あり（野菜が苦手）',
  '喘息の吸入薬を持参',
  '人見知りが強く、慣れるまで時間がかかる',
  '食物アレルギーのため除去食',
];

export const ENQUIRY_TOPICS = [
  '保育園留学の空き状況について',
  '夏休みの小学生留学について',
  'お試し住宅の設備について',
  '滞在中のテレワーク環境（Wi-Fi）について',
  '空き家バンクの物件について',
  '二地域居住の住まい探しについて',
  '子どもの食物アレルギーへの対応について',
  '滞在費用と補助制度について',
  '冬休み期間の受け入れについて',
  '車がなくても滞在できるか',
  'きょうだいでの受け入れについて',
  '来年度の移住相談',
];

export const ENQUIRY_NEXT_ACTIONS = [
  '資料を郵送する',
  '空き状況を確認して折り返し電話',
  'オンライン面談を設定',
  '保育園と受け入れ可否を調整',
  '申込書を送付',
];

/**
 * Lodging that is not one of the town's registered trial houses. The numbered 町営お試し住宅 are
 * older units not (yet) in the property list; the generator keeps their calendar free of overlaps too.
 */
export const NUMBERED_LODGING = '{kind}営お試し住宅 {n}号';
export const NUMBERED_LODGING_UNITS = 4;
export const OTHER_LODGINGS = [
  'ゲストハウス{district}',
  '{district}の一棟貸しの宿',
  '親戚宅',
  '民宿{district}荘',
];

export interface EventTemplate {
  title: string;
  kind: EventKind;
  /** Months (1–12) the event makes sense in; empty means any month. */
  months: readonly number[];
  /** Start time in minutes after midnight JST, and length in minutes. */
  start: number;
  minutes: number;
  /** Where it is held ({district} is filled in); null: a hall of the town. */
  place: string | null;
  description: string;
}

const ev = (
  title: string,
  kind: EventKind,
  months: readonly number[],
  start: number,
  minutes: number,
  place: string | null,
  description: string,
): EventTemplate => ({ title, kind, months, start, minutes, place, description });

const FIELD = '{district}地区の田んぼ';
const ONLINE = 'オンライン（Zoom）';

export const EVENT_TEMPLATES: readonly EventTemplate[] = [
  ev(
    '移住者交流会',
    'exchange',
    [],
    18 * 60,
    120,
    null,
    '移住した方、滞在中のご家族、地域の方が気軽に話せる会です。',
  ),
  ev('親子交流会', 'exchange', [], 10 * 60, 120, null, '滞在中の親子と地元の親子で一緒に遊びます。'),
  ev(
    '夏祭り交流会',
    'exchange',
    [7, 8],
    17 * 60,
    180,
    '{district}公民館前の広場',
    '地区の夏祭りに滞在中のご家族も参加します。浴衣歓迎。',
  ),
  ev(
    'BBQ交流会',
    'exchange',
    [4, 5, 6, 9, 10],
    11 * 60,
    180,
    '{district}キャンプ場',
    '地域の方と一緒にバーベキューを楽しみます。',
  ),
  ev(
    '田植え体験',
    'experience',
    [5, 6],
    9 * 60,
    150,
    FIELD,
    '地元農家さんの田んぼで田植えをします。汚れてもよい服装で。',
  ),
  ev(
    '稲刈り体験',
    'experience',
    [9, 10],
    9 * 60,
    150,
    FIELD,
    '春に植えた稲を刈り取ります。長靴と軍手をご持参ください。',
  ),
  ev(
    'さつまいも掘り体験',
    'experience',
    [9, 10, 11],
    10 * 60,
    120,
    '{district}地区の畑',
    '畑でさつまいもを掘り、焼き芋にします。',
  ),
  ev(
    'お茶摘み体験',
    'experience',
    [4, 5],
    9 * 60,
    120,
    '{district}地区の茶畑',
    '茶畑で新茶を摘み、手もみにも挑戦します。',
  ),
  ev(
    '川あそび体験',
    'experience',
    [7, 8, 9],
    10 * 60,
    150,
    '{district}地区の河原',
    '地元の方の案内で川遊びと魚とりをします。',
  ),
  ev(
    '郷土料理づくり体験',
    'experience',
    [],
    10 * 60,
    180,
    null,
    '地域のお母さんたちに郷土料理を教わります。',
  ),
  ev('竹細工体験', 'experience', [], 13 * 60, 120, null, '竹で水鉄砲や器をつくります。'),
  ev(
    '星空観察会',
    'experience',
    [1, 2, 8, 10, 11, 12],
    19 * 60,
    90,
    '{district}展望所',
    '街明かりのない夜空で星を観察します。防寒着をご用意ください。',
  ),
  ev(
    'しめ縄づくり体験',
    'experience',
    [12],
    13 * 60,
    120,
    null,
    'お正月のしめ縄を地域の方と一緒につくります。',
  ),
  ev('移住説明会', 'briefing', [], 14 * 60, 90, null, '町の暮らし・仕事・住まいについてご説明します。'),
  ev(
    '保育園留学説明会',
    'briefing',
    [],
    14 * 60,
    60,
    null,
    '保育園留学の流れ、費用、住宅についてご説明します。',
  ),
  ev(
    '空き家バンク説明会',
    'briefing',
    [],
    14 * 60,
    90,
    null,
    '空き家の活用・登録の方法を所有者の方向けにご説明します。',
  ),
  ev(
    '子育て相談会',
    'consultation',
    [],
    10 * 60,
    120,
    '子育て支援センター',
    '保育士・保健師が子育ての悩みにお答えします。',
  ),
  ev(
    '移住なんでも相談会',
    'consultation',
    [],
    13 * 60,
    180,
    null,
    '住まい・仕事・子育てなど、移住に関することを個別にご相談いただけます。',
  ),
  ev(
    '空き家活用相談会',
    'consultation',
    [],
    13 * 60,
    180,
    null,
    '空き家の管理や活用について個別にご相談いただけます。',
  ),
  ev('オンライン移住説明会', 'online', [], 20 * 60, 60, ONLINE, 'ご自宅から参加できるオンライン説明会です。'),
  ev(
    'オンライン保育園留学説明会',
    'online',
    [],
    20 * 60,
    60,
    ONLINE,
    '保育園留学の一日の流れを動画でご紹介します。',
  ),
  ev(
    'オンライン交流会',
    'online',
    [],
    20 * 60,
    90,
    ONLINE,
    '過去に滞在されたご家族と地域の方がオンラインでつながります。',
  ),
];

/** Halls for the events without a place of their own ({office} is 役場 or 市役所). */
export const HALLS = [
  '{district}公民館',
  '{office} 大会議室',
  '地域交流センター',
  '{district}コミュニティセンター',
];

export const EVENT_KIND_WEIGHTS: Weighted<EventKind> = [
  ['exchange', 25],
  ['experience', 30],
  ['briefing', 15],
  ['consultation', 15],
  ['online', 15],
];

export const ORGANISERS = [
  '企画課 移住定住係',
  '地域おこし協力隊',
  '観光協会',
  '子育て支援センター',
  '移住支援NPO',
];

export const RECOMMENDED_ACTIONS: Record<'a' | 'b' | 'c' | 'd', readonly string[]> = {
  a: ['このままお試し住宅として活用可能', '空き家バンクへの登録を所有者に提案'],
  b: ['軽微な補修の上で空き家バンクに登録', '水回りを改修してお試し住宅に'],
  c: ['屋根と水回りの改修が必要', '改修費用の負担について所有者と協議'],
  d: ['除却を検討', '危険箇所の応急対応を所有者に依頼'],
};

export const WEATHER: Weighted<string> = [
  ['晴れ', 5],
  ['曇り', 3],
  ['晴れ時々曇り', 2],
  ['小雨', 1],
  ['雨', 1],
];

export const INTENDED_USES = [
  'お試し住宅',
  '空き家バンク（賃貸）',
  '空き家バンク（売買）',
  '移住者向け住宅',
  '地域交流拠点',
];

export const PROPERTY_NOTES = [
  '仏壇あり（所有者が引き取り予定）',
  '残置物が多い',
  '井戸あり',
  '駐車場2台分',
  '前面道路が狭く軽自動車のみ',
  '離れと納屋あり',
  '眺望良好',
];
