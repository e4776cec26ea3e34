/**
 * The KPI definitions, shown next to every figure (docs/domain.md: a number without its definition
 * invites misreading). One copy for the server's GET /v1/kpi and the laptop's レポート screen, so the two
 * can never describe the same figure differently.
 */
export const KPI_DEFINITIONS = {
  nights: {
    ja: '延べ宿泊数：開始した滞在（削除・キャンセルを除く。予定のままの滞在は開始まで数えない）の泊数。到着日・出発日は実績があれば実績、なければ予定。各泊はその夜の属する月に数え、期間内の泊のみ計上。',
    en: 'Nights stayed: nights of started stays (not deleted or cancelled; a planned stay counts once it starts), departure minus arrival using actual dates where known, else planned. Each night counts in its own month, and only nights inside the period count.',
  },
  person_nights: {
    ja: '延べ宿泊人泊数：泊数 × その滞在の参加者数。参加者が登録されていない滞在は1人として数える（件数は「参加者未登録の滞在」）。',
    en: 'Person-nights: nights × people recorded on the stay. A stay with nobody recorded counts as one person (see stays without members).',
  },
  relationship_population: {
    ja: '関係人口の創出数：その町での初めての（開始した）滞在の到着日が期間内にある人数。人は町ごとに数え、合計は町の数値の和。',
    en: 'Relationship population created: people whose first started stay in the town arrives within the period. People are counted per town; the total is the sum of the towns.',
  },
  repeaters: {
    ja: 'リピーター：期間内に到着した滞在があり、その町でそれより前にも滞在したことのある人数（初回と再訪がともに期間内なら創出数にも数える）。',
    en: 'Repeat visitors: people with a started stay arriving within the period who had an earlier started stay in the same town (someone whose first and return visits both fall in the period counts in both figures).',
  },
  arrivals: {
    ja: '来訪者数（実人数）：期間内に到着した（開始した）滞在のある人の数。同じ人が期間内に何度来ても1人。',
    en: 'Visitors arriving (distinct people): people with a started stay arriving within the period, each counted once however often they came.',
  },
  ripple_yen: {
    ja: '地域経済波及効果（円）：延べ宿泊人泊数 × 1人1泊あたり消費額 × 波及倍率。係数は町ごとに設定し、各泊にはその夜に有効だった係数を使い、結果の横に表示。円未満は最後に四捨五入。係数が未設定の期間の泊は計上せず「未設定」と示す。合計は町の結果の和。',
    en: 'Economic ripple effect (yen): person-nights × spend per person-night × ripple multiplier, with the town’s own coefficients shown beside the result. Each night uses the coefficients in force on that night; the sum is rounded half up to whole yen at the end. Nights with no coefficients in force are not priced and are shown as not set. The total is the sum of the towns’ results.',
  },
  stays_without_members: {
    ja: '参加者未登録の滞在：期間内に泊がありながら参加者が登録されていない滞在の件数（1人として計上。データ品質の目安）。',
    en: 'Stays without members: stays with nights in the period but nobody recorded on them, each counted as one person (a data-quality figure).',
  },
} as const;

export type KpiFigureName = keyof typeof KPI_DEFINITIONS;

export const KPI_FIGURES = Object.keys(KPI_DEFINITIONS) as KpiFigureName[];
