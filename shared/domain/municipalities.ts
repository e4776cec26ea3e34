/**
 * The consortium (docs/domain.md#the-towns): 鹿児島県錦江町 leads, 17 partner towns. Ids are stable slugs that never
 * change once a town's records exist; they are the tenant key on every synced row.
 */
export interface Municipality {
  id: string;
  prefecture: string;
  name: string;
  nameKana: string;
  isLead: boolean;
}

export const CONSORTIUM_MUNICIPALITIES: readonly Municipality[] = [
  { id: 'kagoshima-kinko', prefecture: '鹿児島県', name: '錦江町', nameKana: 'きんこうちょう', isLead: true },
  {
    id: 'hokkaido-koshimizu',
    prefecture: '北海道',
    name: '小清水町',
    nameKana: 'こしみずちょう',
    isLead: false,
  },
  {
    id: 'hokkaido-tsukigata',
    prefecture: '北海道',
    name: '月形町',
    nameKana: 'つきがたちょう',
    isLead: false,
  },
  { id: 'hokkaido-shikaoi', prefecture: '北海道', name: '鹿追町', nameKana: 'しかおいちょう', isLead: false },
  {
    id: 'hokkaido-nakafurano',
    prefecture: '北海道',
    name: '中富良野町',
    nameKana: 'なかふらのちょう',
    isLead: false,
  },
  { id: 'iwate-nishiwaga', prefecture: '岩手県', name: '西和賀町', nameKana: 'にしわがまち', isLead: false },
  { id: 'tokyo-ome', prefecture: '東京都', name: '青梅市', nameKana: 'おうめし', isLead: false },
  { id: 'kyoto-wazuka', prefecture: '京都府', name: '和束町', nameKana: 'わづかちょう', isLead: false },
  { id: 'kyoto-kasagi', prefecture: '京都府', name: '笠置町', nameKana: 'かさぎちょう', isLead: false },
  { id: 'hyogo-shiso', prefecture: '兵庫県', name: '宍粟市', nameKana: 'しそうし', isLead: false },
  { id: 'hiroshima-shobara', prefecture: '広島県', name: '庄原市', nameKana: 'しょうばらし', isLead: false },
  { id: 'oita-usuki', prefecture: '大分県', name: '臼杵市', nameKana: 'うすきし', isLead: false },
  {
    id: 'nagasaki-higashisonogi',
    prefecture: '長崎県',
    name: '東彼杵町',
    nameKana: 'ひがしそのぎちょう',
    isLead: false,
  },
  { id: 'kumamoto-amakusa', prefecture: '熊本県', name: '天草市', nameKana: 'あまくさし', isLead: false },
  { id: 'kumamoto-ashikita', prefecture: '熊本県', name: '芦北町', nameKana: 'あしきたまち', isLead: false },
  { id: 'miyazaki-hyuga', prefecture: '宮崎県', name: '日向市', nameKana: 'ひゅうがし', isLead: false },
  { id: 'kagoshima-shibushi', prefecture: '鹿児島県', name: '志布志市', nameKana: 'しぶしし', isLead: false },
  { id: 'kagoshima-yoron', prefecture: '鹿児島県', name: '与論町', nameKana: 'よろんちょう', isLead: false },
];

export function findMunicipality(id: string): Municipality | undefined {
  return CONSORTIUM_MUNICIPALITIES.find((m) => m.id === id);
}
