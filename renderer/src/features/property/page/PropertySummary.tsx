import type { ReactNode } from 'react';
import { FACILITY_KEYS } from '../../../../../shared/domain/akiya/listing.ts';
import { toDms } from '../../../../../shared/domain/akiya/position.ts';
import type { PropertyView } from '../../../../../shared/ipc/views.ts';
import { yearWithWareki } from '../../../../../shared/text/japanese-year.ts';
import { useT } from '../../../i18n/use-t.ts';
import { formatDateWithYear } from '../../../lib/format.ts';
import { Section } from '../../../lib/PageSection.tsx';

/** A definition list that shows — for what is not known, so a blank is never mistaken for "none". */
function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const { t } = useT();
  return (
    <dl className="prop-facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            {value === null || value === undefined || value === '' || value === false
              ? t('property:page.none')
              : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** 識別・建物・空き家バンク掲載情報, as read-only summaries. */
export function PropertySummary({ p }: { p: PropertyView }) {
  const { t, i18n } = useT();
  const n = (v: number) => v.toLocaleString(i18n.language === 'ja' ? 'ja-JP' : 'en-GB');
  const area = (m2: number | null, tsubo: number | null) =>
    m2 === null ? null : t('property:page.area', { m2: n(m2), tsubo: n(tsubo ?? 0) });
  const yes = (b: boolean) => (b ? t('property:form.yes') : null);
  const position =
    p.latitude !== null && p.longitude !== null
      ? t('property:page.position', {
          lat: p.latitude,
          lon: p.longitude,
          dms: `${toDms(p.latitude)} ${toDms(p.longitude)}`,
        })
      : null;
  const facilities = FACILITY_KEYS.flatMap((k) => {
    const v = p.facilities[k];
    return v
      ? [
          `${t(`property:facility.${k}.label`)}：${t(`property:facility.${k}.${v}` as 'property:facility.water.none')}`,
        ]
      : [];
  }).join(t('common.listSeparator'));

  return (
    <>
      <Section id="prop-identification" title={t('property:page.identification')}>
        <Facts
          rows={[
            [t('property:fields.refNumber'), p.refNumber],
            [t('property:fields.address'), p.address],
            [t('property:fields.lotNumber'), p.lotNumber],
            [t('property:fields.district'), p.district],
            [t('property:fields.mapNumber'), p.mapNumber],
            [`${t('property:fields.latitude')}・${t('property:fields.longitude')}`, position],
          ]}
        />
      </Section>
      <Section id="prop-building" title={t('property:page.building')}>
        <Facts
          rows={[
            [t('property:fields.buildingUse'), p.buildingUse && t(`property:buildingUse.${p.buildingUse}`)],
            [
              t('property:fields.buildingType'),
              p.buildingType && t(`property:buildingType.${p.buildingType}`),
            ],
            [t('property:fields.structure'), p.structure && t(`property:structure.${p.structure}`)],
            [t('property:fields.floors'), p.floors && t('property:page.floors', { value: p.floors })],
            [t('property:fields.yearBuilt'), p.yearBuilt && yearWithWareki(p.yearBuilt)],
            [
              t('property:fields.permitDate'),
              p.permitDate && formatDateWithYear(p.permitDate, i18n.language),
            ],
            [
              t('property:fields.seismic'),
              <span key="s" data-testid="page-seismic" className={`prop-pill seismic-${p.seismic}`}>
                {t(`property:seismic.${p.seismic}`)}
              </span>,
            ],
            [t('property:fields.vacantSince'), p.vacantSince],
            [
              t('property:fields.outbuildings'),
              p.outbuildings.map((o) => t(`property:outbuilding.${o}`)).join(t('common.listSeparator')),
            ],
            [t('property:fields.roadAccess'), p.roadAccess],
            [t('property:fields.floorAreaM2'), area(p.floorAreaM2, p.floorAreaTsubo)],
            [t('property:fields.landAreaM2'), area(p.landAreaM2, p.landAreaTsubo)],
          ]}
        />
      </Section>
      <Section id="prop-listing" title={t('property:page.listing')}>
        <Facts
          rows={[
            [t('property:fields.dealType'), p.dealType && t(`property:dealType.${p.dealType}`)],
            [
              t('property:fields.priceYen'),
              p.priceYen !== null && t('property:page.yen', { value: n(p.priceYen) }),
            ],
            [
              t('property:fields.rentYen'),
              p.rentYen !== null && t('property:page.rentYen', { value: n(p.rentYen) }),
            ],
            [t('property:fields.layout'), p.layout],
            [t('property:fields.facilities'), facilities],
            [t('property:fields.parking'), p.parking],
            [t('property:fields.hazard'), p.hazard],
            [t('property:fields.withFarmland'), yes(p.withFarmland)],
            [t('property:fields.withShop'), yes(p.withShop)],
            [t('property:fields.repairs'), p.repairs && t(`property:repairs.${p.repairs}`)],
            [t('property:fields.furnitureLeft'), yes(p.furnitureLeft)],
            [t('property:fields.nearby'), p.nearby],
            [t('property:fields.surroundings'), p.surroundings],
            [t('property:fields.notes'), p.notes],
          ]}
        />
      </Section>
    </>
  );
}
