import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Determination, InspectionStatus, Role } from '../../../shared/domain/enums.ts';
import type {
  inspectionAnswer,
  inspectionDetermine,
  inspectionFinish,
  inspectionStart,
} from '../../../shared/domain/inputs/inspections.ts';
import {
  compareAnswers,
  itemCount,
  sectionProgress,
  storedHeadline,
} from '../../../shared/domain/inspection/progress.ts';
import { type Answers, answerFault, scoreInspection } from '../../../shared/domain/inspection/score.ts';
import type { InspectionTemplate, TownRules } from '../../../shared/domain/inspection/template-schema.ts';
import { AppError } from '../../../shared/errors.ts';
import { decodeHlc } from '../../../shared/hlc.ts';
import { answerId } from '../../../shared/ids.ts';
import type { Profile } from '../../../shared/ipc/views/app.ts';
import type {
  InspectionAnswerSaved,
  InspectionAnswerView,
  InspectionComparisonView,
  InspectionSummaryView,
  InspectionView,
  ItemChange,
  LastInspectionView,
} from '../../../shared/ipc/views/inspections.ts';
import { REPO_TEMPLATE_DIR, templateLibrary } from '../../../shared/node/inspection-templates.ts';
import type { Actor, RecordWriter } from '../write/record-writer.ts';

/**
 * House inspections (現地調査). A surveyor starts an inspection on a property with the checklist
 * version in effect that day (kept forever with the inspection), answers one item at a time — each
 * answer one write of its own, so closing the app or losing power mid-inspection loses nothing — and
 * finishes it, which stores the score's headline for fast lists (the answers stay the truth: reads
 * score them again with the inspection's own template version). The town's 判定 is a later, separate
 * write by a town administrator. docs/inspections.md.
 */

/** Who may record an inspection: the town's people; the consortium's administrators only read. */
const SURVEY_ROLES: readonly Role[] = ['surveyor', 'coordinator', 'town_admin'];
const DETERMINE_ROLES: readonly Role[] = ['town_admin'];

/** The shipped checklists: beside the packaged app's resources, else the repository's folder. */
export function shippedTemplateDir(): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) {
    const dir = join(resources, 'inspection-templates');
    if (existsSync(dir)) return dir;
  }
  return REPO_TEMPLATE_DIR;
}

interface InspectionRow {
  id: string;
  property_id: string;
  address: string | null;
  inspected_on: string;
  surveyor_name: string | null;
  weather: string | null;
  template_id: string;
  template_version: number;
  town_rules_id: string | null;
  town_rules_version: number | null;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  entry_permitted: number;
  score_measure: string | null;
  score_total: number | null;
  score_band: string | null;
  judgement: string | null;
  score_provisional: number | null;
  determination: string | null;
  determined_by: string | null;
  determined_on: string | null;
  determination_note: string | null;
  recommended_action: string | null;
  follow_up_on: string | null;
  created_at: string;
  answered: number;
}

interface AnswerRow {
  id: string;
  item_key: string;
  choice: string | null;
  note: string | null;
  updated_at: string;
  updated_by: string;
}

const SELECT_INSPECTION = `
  SELECT i.*, p.address,
    (SELECT count(*) FROM inspection_answer a
      WHERE a.inspection_id = i.id AND a.deleted_at IS NULL AND a.choice IS NOT NULL) AS answered
  FROM inspection i LEFT JOIN property p ON p.id = i.property_id`;

interface Checklist {
  template: InspectionTemplate;
  townRules: TownRules | null;
}

export class InspectionService {
  private readonly writer: RecordWriter;
  private readonly actor: Actor;
  private readonly role: Role;
  private readonly surveyorName: string;
  private readonly templateDir: string;

  constructor(
    writer: RecordWriter,
    actor: Actor,
    profile: Pick<Profile, 'role' | 'displayName'>,
    templateDir: string | undefined = undefined,
  ) {
    this.writer = writer;
    this.actor = actor;
    this.role = profile.role;
    this.surveyorName = profile.displayName;
    this.templateDir = templateDir ?? shippedTemplateDir();
  }

  private get sqlite() {
    return this.writer.sqlite;
  }

  private requireRole(roles: readonly Role[]): void {
    if (!roles.includes(this.role)) throw new AppError('FORBIDDEN', `the role ${this.role} may not do this`);
  }

  private library() {
    return templateLibrary(this.templateDir);
  }

  /** Exactly the versions the inspection was made with. */
  private checklistOf(
    row: Pick<InspectionRow, 'template_id' | 'template_version' | 'town_rules_id' | 'town_rules_version'>,
  ): Checklist {
    const library = this.library();
    const template = library.templates.get(row.template_id, row.template_version);
    if (!template)
      throw new AppError(
        'INSPECTION_TEMPLATE_UNKNOWN',
        `no checklist ${row.template_id} version ${row.template_version}`,
      );
    let townRules: TownRules | null = null;
    if (row.town_rules_id !== null && row.town_rules_version !== null) {
      townRules = library.townRules.get(row.town_rules_id, row.town_rules_version);
      if (!townRules)
        throw new AppError(
          'INSPECTION_TEMPLATE_UNKNOWN',
          `no town rules ${row.town_rules_id} version ${row.town_rules_version}`,
        );
    }
    return { template, townRules };
  }

  private row(id: string): InspectionRow {
    const row = this.writer
      .statement(`${SELECT_INSPECTION} WHERE i.id = ? AND i.municipality_id = ? AND i.deleted_at IS NULL`)
      .get(id, this.actor.municipalityId) as InspectionRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'no such inspection');
    return row;
  }

  private answerRows(inspectionId: string): AnswerRow[] {
    return this.writer
      .statement(
        `SELECT id, item_key, choice, note, updated_at, updated_by FROM inspection_answer
         WHERE inspection_id = ? AND deleted_at IS NULL ORDER BY item_key`,
      )
      .all(inspectionId) as AnswerRow[];
  }

  private answersOf(rows: readonly AnswerRow[]): Answers {
    const answers: Record<string, string> = {};
    for (const r of rows) if (r.choice !== null) answers[r.item_key] = r.choice;
    return answers;
  }

  // ---- writes ---------------------------------------------------------------------------------------

  start(input: z.output<typeof inspectionStart>): InspectionView {
    this.requireRole(SURVEY_ROLES);
    const property = this.sqlite
      .prepare('SELECT 1 FROM property WHERE id = ? AND municipality_id = ? AND deleted_at IS NULL')
      .get(input.propertyId, this.actor.municipalityId);
    if (!property) throw new AppError('NOT_FOUND', 'no such property', 'propertyId');
    const library = this.library();
    const template =
      input.templateVersion === undefined
        ? library.templates.effectiveOn(input.templateId, input.inspectedOn)
        : library.templates.get(input.templateId, input.templateVersion);
    if (!template)
      throw new AppError('INSPECTION_TEMPLATE_UNKNOWN', `no checklist ${input.templateId}`, 'templateId');
    let townRules: TownRules | null = null;
    if (input.townRulesId) {
      townRules =
        input.townRulesVersion === undefined
          ? library.townRules.effectiveOn(input.townRulesId, input.inspectedOn)
          : library.townRules.get(input.townRulesId, input.townRulesVersion);
      if (!townRules || townRules.templateId !== template.id)
        throw new AppError(
          'INSPECTION_TEMPLATE_UNKNOWN',
          `no town rules ${input.townRulesId} for ${template.id}`,
          'townRulesId',
        );
    }
    const id = this.writer.write(this.actor, (tx) =>
      tx.insert('inspection', {
        property_id: input.propertyId,
        inspected_on: input.inspectedOn,
        surveyor_name: input.surveyorName ?? this.surveyorName,
        weather: input.weather,
        template_id: template.id,
        template_version: template.version,
        town_rules_id: townRules?.id ?? null,
        town_rules_version: townRules?.version ?? null,
        overall_grade: null,
        recommended_action: null,
        follow_up_on: null,
        status: 'in_progress',
        started_at: tx.at,
        finished_at: null,
        entry_permitted: input.entryPermitted ? 1 : 0,
        score_measure: null,
        score_total: null,
        score_band: null,
        judgement: null,
        score_provisional: null,
        determination: null,
        determined_by: null,
        determined_on: null,
        determination_note: null,
      }),
    );
    return this.get(id);
  }

  /**
   * One item's answer, written at once (autosave). The item and the choice must be the inspection's
   * own template version's (or its town rules'); otherwise nothing is written. `choice` null takes
   * the answer back (the item is not assessed again); an absent note leaves the note as it was.
   */
  answer(input: z.output<typeof inspectionAnswer>): InspectionAnswerSaved {
    this.requireRole(SURVEY_ROLES);
    const inspection = this.writer
      .statement(
        `SELECT status, template_id, template_version, town_rules_id, town_rules_version FROM inspection
         WHERE id = ? AND municipality_id = ? AND deleted_at IS NULL`,
      )
      .get(input.inspectionId, this.actor.municipalityId) as
      | Pick<
          InspectionRow,
          'status' | 'template_id' | 'template_version' | 'town_rules_id' | 'town_rules_version'
        >
      | undefined;
    if (!inspection) throw new AppError('NOT_FOUND', 'no such inspection', 'inspectionId');
    if (inspection.status === 'finished')
      throw new AppError('INSPECTION_FINISHED', 'the inspection is finished', 'inspectionId');
    const { template, townRules } = this.checklistOf(inspection);
    const fault = answerFault(template, townRules, input.itemKey, input.choice ?? '');
    if (fault === 'unknown_item')
      throw new AppError('INSPECTION_ITEM_UNKNOWN', `no item ${input.itemKey} in ${template.id}`, 'itemKey');
    if (fault === 'unknown_choice' && input.choice !== null)
      throw new AppError(
        'INSPECTION_CHOICE_UNKNOWN',
        `no choice ${input.choice} for ${input.itemKey}`,
        'choice',
      );

    this.writer.write(this.actor, (tx) => {
      // A row from before derived ids (v6 data) keeps its id; a new one takes the derived id.
      const existing = this.writer
        .statement('SELECT id, deleted_at FROM inspection_answer WHERE inspection_id = ? AND item_key = ?')
        .get(input.inspectionId, input.itemKey) as { id: string; deleted_at: string | null } | undefined;
      if (!existing) {
        tx.insert('inspection_answer', {
          id: answerId(input.inspectionId, input.itemKey),
          inspection_id: input.inspectionId,
          item_key: input.itemKey,
          grade: null,
          choice: input.choice,
          note: input.note ?? null,
        });
        return;
      }
      if (existing.deleted_at !== null) tx.restore('inspection_answer', existing.id);
      tx.update('inspection_answer', existing.id, {
        choice: input.choice,
        ...(input.note !== undefined ? { note: input.note } : {}),
      });
    });

    const rows = this.answerRows(input.inspectionId);
    const answers = this.answersOf(rows);
    const progress = sectionProgress(template, townRules, answers);
    const stored = rows.find((r) => r.item_key === input.itemKey) as AnswerRow;
    const section = progress.find((s) => sectionHas(template, townRules, s.key, input.itemKey));
    return {
      answer: answerView(stored),
      section: section ?? (progress[0] as InspectionAnswerSaved['section']),
      answered: Object.keys(answers).length,
      total: itemCount(template, townRules),
    };
  }

  /** Finishes the inspection: the score's headline is stored with it; answers are closed. */
  finish(input: z.output<typeof inspectionFinish>): InspectionView {
    this.requireRole(SURVEY_ROLES);
    const row = this.row(input.inspectionId);
    if (row.status === 'finished')
      throw new AppError('INSPECTION_FINISHED', 'the inspection is finished already', 'inspectionId');
    const { template, townRules } = this.checklistOf(row);
    const score = scoreInspection(template, this.answersOf(this.answerRows(row.id)), townRules);
    this.writer.write(this.actor, (tx) => {
      tx.update('inspection', row.id, {
        status: 'finished',
        finished_at: tx.at,
        recommended_action: input.recommendedAction,
        follow_up_on: input.followUpOn,
        ...storedHeadline(score),
      });
    });
    return this.get(row.id);
  }

  /**
   * After a pulled page: answers may have reached an inspection that is already finished — given on
   * another tablet before it learned of the finish. They are kept (no answer is ever dropped), and
   * the laptop that finished the inspection (the node of the clock of its `finished_at`) scores it
   * again and stores the new headline as its own write. Only the finisher writes it, so the headline
   * has one author and never becomes a conflict; the others receive it with the next sync. Returns
   * how many inspections were scored again.
   */
  rescoreAfterPull(touched: readonly { table: string; id: string }[]): number {
    if (!SURVEY_ROLES.includes(this.role)) return 0;
    const ids = new Set<string>();
    const answerOwner = this.writer.statement('SELECT inspection_id FROM inspection_answer WHERE id = ?');
    for (const t of touched) {
      if (t.table === 'inspection') ids.add(t.id);
      else if (t.table === 'inspection_answer') {
        const owner = answerOwner.pluck().get(t.id) as string | undefined;
        if (owner) ids.add(owner);
      }
    }
    let rescored = 0;
    for (const id of ids) {
      const row = this.writer
        .statement(
          `SELECT i.*, NULL AS address, 0 AS answered FROM inspection i
           WHERE i.id = ? AND i.municipality_id = ? AND i.deleted_at IS NULL AND i.status = 'finished'`,
        )
        .get(id, this.actor.municipalityId) as InspectionRow | undefined;
      if (!row || !this.finishedHere(id)) continue;
      let checklist: Checklist;
      try {
        checklist = this.checklistOf(row);
      } catch {
        continue; // A checklist this app does not ship (a newer laptop's): its finisher re-scores.
      }
      const headline = storedHeadline(
        scoreInspection(checklist.template, this.answersOf(this.answerRows(id)), checklist.townRules),
      );
      const same = (Object.keys(headline) as (keyof typeof headline)[]).every((k) => row[k] === headline[k]);
      if (same) continue;
      this.writer.write(this.actor, (tx) => tx.update('inspection', id, { ...headline }));
      rescored += 1;
    }
    return rescored;
  }

  /** Whether this laptop's finish is the one that stands (the clock of `finished_at` is its own). */
  private finishedHere(id: string): boolean {
    const clock = this.writer
      .statement(
        "SELECT hlc FROM field_clock WHERE table_name = 'inspection' AND row_id = ? AND column_name = 'finished_at'",
      )
      .pluck()
      .get(id) as string | undefined;
    return clock !== undefined && decodeHlc(clock).node === this.writer.hlc.node;
  }

  /** The town's 判定 (特定空家等 / 管理不全空家等 / neither): a town administrator's, with who and when. */
  determine(input: z.output<typeof inspectionDetermine>): InspectionView {
    this.requireRole(DETERMINE_ROLES);
    const row = this.row(input.inspectionId);
    if (row.status !== 'finished')
      throw new AppError('INSPECTION_NOT_FINISHED', 'the inspection is not finished', 'inspectionId');
    this.writer.write(this.actor, (tx) => {
      tx.update('inspection', row.id, {
        determination: input.determination,
        determined_by: this.actor.id,
        determined_on: input.determinedOn,
        determination_note: input.note,
      });
    });
    return this.get(row.id);
  }

  // ---- reads ----------------------------------------------------------------------------------------

  get(id: string): InspectionView {
    const row = this.row(id);
    const checklist = this.checklistOf(row);
    const rows = this.answerRows(id);
    const answers = this.answersOf(rows);
    return {
      ...summaryView(row, itemCount(checklist.template, checklist.townRules)),
      recommendedAction: row.recommended_action,
      followUpOn: row.follow_up_on,
      determinationNote: row.determination_note,
      answers: rows.map(answerView),
      progress: sectionProgress(checklist.template, checklist.townRules, answers),
      score: scoreInspection(checklist.template, answers, checklist.townRules),
    };
  }

  /** A property's inspections, newest first. */
  ofProperty(propertyId: string): InspectionSummaryView[] {
    const rows = this.writer
      .statement(
        `${SELECT_INSPECTION} WHERE i.property_id = ? AND i.municipality_id = ? AND i.deleted_at IS NULL
         ORDER BY i.inspected_on DESC, i.created_at DESC`,
      )
      .all(propertyId, this.actor.municipalityId) as InspectionRow[];
    return rows.map((r) => this.summary(r));
  }

  /** 調査中: the town's unfinished inspections, the most recently started first. */
  inProgress(): InspectionSummaryView[] {
    const rows = this.writer
      .statement(
        `${SELECT_INSPECTION} WHERE i.municipality_id = ? AND i.status = 'in_progress' AND i.deleted_at IS NULL
         ORDER BY i.started_at DESC`,
      )
      .all(this.actor.municipalityId) as InspectionRow[];
    return rows.map((r) => this.summary(r));
  }

  /** Item by item against the property's previous finished inspection with the same checklist. */
  compare(id: string): InspectionComparisonView {
    const row = this.row(id);
    const previous = this.writer
      .statement(
        `${SELECT_INSPECTION} WHERE i.property_id = ? AND i.municipality_id = ? AND i.deleted_at IS NULL
           AND i.template_id = ? AND i.status = 'finished' AND i.id <> ?
           AND (i.inspected_on < ? OR (i.inspected_on = ? AND i.created_at < ?))
         ORDER BY i.inspected_on DESC, i.created_at DESC LIMIT 1`,
      )
      .get(
        row.property_id,
        this.actor.municipalityId,
        row.template_id,
        row.id,
        row.inspected_on,
        row.inspected_on,
        row.created_at,
      ) as InspectionRow | undefined;
    const counts: Record<ItemChange, number> = { worse: 0, better: 0, same: 0, new: 0, not_assessed: 0 };
    if (!previous) return { inspectionId: id, previous: null, items: [], counts };
    const now = { ...this.checklistOf(row), answers: this.answersOf(this.answerRows(row.id)) };
    const before = { ...this.checklistOf(previous), answers: this.answersOf(this.answerRows(previous.id)) };
    const items = compareAnswers(now, before);
    for (const item of items) counts[item.change] += 1;
    return {
      inspectionId: id,
      previous: {
        id: previous.id,
        inspectedOn: previous.inspected_on,
        templateVersion: previous.template_version,
      },
      items,
      counts,
    };
  }

  /** The newest inspection day of a property (the register's "not inspected for N months"). */
  lastOfProperty(propertyId: string): LastInspectionView {
    const last = this.writer
      .statement(
        `SELECT max(inspected_on) FROM inspection
         WHERE property_id = ? AND municipality_id = ? AND deleted_at IS NULL`,
      )
      .pluck()
      .get(propertyId, this.actor.municipalityId) as string | null;
    return { propertyId, lastInspectedOn: last ?? null };
  }

  private summary(row: InspectionRow): InspectionSummaryView {
    let total = 0;
    try {
      const { template, townRules } = this.checklistOf(row);
      total = itemCount(template, townRules);
    } catch {
      // A checklist this app does not ship (a newer laptop's): listed, its total unknown.
    }
    return summaryView(row, total);
  }
}

function sectionHas(
  template: InspectionTemplate,
  townRules: TownRules | null,
  sectionKey: string,
  itemKey: string,
): boolean {
  const sections = [...template.sections, ...(townRules?.sections ?? [])];
  return sections.find((s) => s.key === sectionKey)?.items.some((i) => i.key === itemKey) ?? false;
}

function answerView(r: AnswerRow): InspectionAnswerView {
  return {
    itemKey: r.item_key,
    choice: r.choice,
    note: r.note,
    answeredAt: r.updated_at,
    answeredBy: r.updated_by,
  };
}

function summaryView(r: InspectionRow, total: number): InspectionSummaryView {
  return {
    id: r.id,
    propertyId: r.property_id,
    propertyAddress: r.address,
    inspectedOn: r.inspected_on,
    surveyorName: r.surveyor_name,
    weather: r.weather,
    templateId: r.template_id,
    templateVersion: r.template_version,
    townRulesId: r.town_rules_id,
    townRulesVersion: r.town_rules_version,
    status: r.status as InspectionStatus,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    entryPermitted: r.entry_permitted === 1,
    answered: r.answered,
    total,
    scoreMeasure: r.score_measure,
    scoreTotal: r.score_total,
    scoreBand: r.score_band,
    judgement: r.judgement,
    scoreProvisional: r.score_provisional === null ? null : r.score_provisional === 1,
    determination: r.determination as Determination | null,
    determinedBy: r.determined_by,
    determinedOn: r.determined_on,
  };
}
