import type { Block, BlockKind } from "../core/domain/block.js";
import { stableBlockId } from "../core/domain/block.js";
import type { DocumentRecord, Page } from "../core/domain/document.js";

/**
 * Deterministic synthetic drawing-set blocks for search benchmarks: Russian construction vocabulary, marks
 * (`ДВ5Л-1`, `ПР-3`, `ОВ1.2`), elevations, axes, floor headings and specification tables, in the proportions
 * of the corpus (many short labels, fewer long tables). Common words plus a long tail of rare terms, so
 * queries meet common, middling and rare words as on real drawing sets.
 */
const WORDS = (
  "перемычка перемычки кладка перегородка стена кровля покрытие гидроизоляция утеплитель теплоизоляция пароизоляция " +
  "решетка вентиляционная дверь противопожарная металлическая люк воронка водосточная приямок дренажный ограждение " +
  "лестница марш площадка плита монолитная стяжка цементно-песчаная мембрана керамзитобетон уклон отметка этаж план " +
  "спецификация ведомость экспликация помещение автостоянка кладовая коридор тамбур шахта лифт вентиляция отопление " +
  "водопровод канализация кабель светильник розетка щит узел разрез сечение фасад окно витраж подоконник отлив парапет " +
  "деформационный шов компенсатор оцинкованной стали бетон арматура сетка профиль уголок швеллер труба клей грунтовка " +
  "штукатурка шпатлевка окраска облицовка керамогранит плитка пол потолок подвесной гипсокартон минераловатная плиты " +
  "экструдированный пенополистирол кирпич полнотелый газобетонные блоки толщина ширина высота длина площадь объем масса " +
  "количество примечание марка обозначение наименование тип производитель аналог см лист раздел комплект узлы"
).split(/\s+/);

const SYLLABLES = "ка ро те ни ла ми ст ор ан ве па ли до фа кс ур эл то гр бе".split(" ");
/** Size of the long tail: product names, materials and rare terms, as real specifications have. */
const RARE_WORDS = 20_000;

const TITLES = ["Спецификация", "Ведомость", "Экспликация", "План", "Разрез", "Узел", "Схема"];
const LETTERS = "АБВГДЕЖИКЛМНПРСТ";

/** Mulberry32: a tiny seeded PRNG, so every run indexes the same blocks. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class SyntheticCorpus {
  private readonly next: () => number;

  constructor(seed = 42) {
    this.next = random(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * Four words in five come from the common construction vocabulary (each then sits in roughly one block in
   * ten), the rest from a long tail of rare terms whose frequencies fall off like natural text.
   */
  word(): string {
    if (this.next() < 0.8) return this.pick(WORDS);
    let n = this.zipf(RARE_WORDS);
    let word = "";
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    return `${word}ит`;
  }

  private zipf(size: number): number {
    return Math.min(size - 1, Math.floor(Math.exp(this.next() * Math.log(size + 1))) - 1);
  }

  code(): string {
    switch (this.int(0, 7)) {
      case 0:
        return `ДВ${this.int(1, 40)}${this.pick(["Л", "П", ""])}-${this.int(1, 3)}`;
      case 1:
        return `ПР-${this.int(1, 30)}`;
      case 2:
        return `ОВ${this.int(1, 9)}${this.next() < 0.5 ? `.${this.int(1, 4)}` : ""}`;
      case 3:
        return `В${this.int(1, 60)}`;
      case 4:
        return `${this.pick(["+", "-"])}${this.int(0, 60)},${String(this.int(0, 999)).padStart(3, "0")}`;
      case 5:
        return `${this.int(1, 20)}-${this.int(1, 20)}/${this.pick([...LETTERS])}-${this.pick([...LETTERS])}`;
      case 6:
        return `ГОСТ ${this.int(1000, 60000)}-${this.int(1990, 2024)}`;
      default:
        return `${this.pick(["РП", "ЛК", "РВ-С", "Ог", "От", "С"])}-${this.int(1, 15)}`;
    }
  }

  phrase(length: number): string {
    const out: string[] = [];
    for (let i = 0; i < length; i++) out.push(this.next() < 0.12 ? this.code() : this.word());
    return out.join(" ");
  }

  blockText(kind: BlockKind): string {
    if (kind === "TABLE") {
      const floor = this.int(-2, 17);
      const rows = Array.from({ length: this.int(3, 12) }, () => `| ${this.code()} | ${this.phrase(this.int(3, 8))} | ${this.int(1, 200)} |`);
      return `${this.pick(TITLES)} ${this.word()} ${floor}-го этажа\n| Марка | Наименование | Кол. |\n${rows.join("\n")}`;
    }
    if (kind === "IMAGE") return `${this.pick(TITLES)} ${this.phrase(this.int(4, 10))}. ${this.phrase(this.int(10, 40))}`;
    return this.phrase(this.int(3, 60));
  }
}

/** `documents` documents of `blocksPerDocument` blocks each, for `ownerId`. */
export function* syntheticDocuments(ownerId: string, documents: number, blocksPerDocument: number, seed = 42): Generator<[DocumentRecord, Block[]]> {
  const corpus = new SyntheticCorpus(seed);
  for (let d = 0; d < documents; d++) {
    const id = `bench-${seed}-${d}`;
    const pageCount = Math.max(1, Math.round(blocksPerDocument / 40));
    const pages: Page[] = Array.from({ length: pageCount }, (_, i) => ({
      number: i + 1,
      width: 0,
      height: 0,
      rotation: 0,
      needsOcr: false,
      stamp: { sheet: String(i + 1), title: `План ${corpus.int(-2, 17)}-го этажа` },
    }));
    const blocks: Block[] = [];
    for (let b = 0; b < blocksPerDocument; b++) {
      const kind: BlockKind = corpus.pick(["TEXT", "TEXT", "TEXT", "TABLE", "IMAGE"]);
      blocks.push({
        id: stableBlockId([id, b]),
        documentId: id,
        kind,
        page: 1 + Math.floor((b * pageCount) / blocksPerDocument),
        text: corpus.blockText(kind),
        source: "import",
        ordinal: b,
      });
    }
    const document: DocumentRecord = {
      id,
      ownerId,
      name: `Комплект ${d + 1}.pdf`,
      sourceKind: "pdf",
      sourceVersion: `sha-${id}`,
      pageCount,
      pages,
      projectPath: ["Bench", `Секция ${d % 5}`],
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, d)).toISOString(),
    };
    yield [document, blocks];
  }
}

/** Queries of every kind the search serves: words, codes, numbers, floors, mixes. */
export function benchmarkQueries(count: number, seed = 7): string[] {
  const corpus = new SyntheticCorpus(seed);
  const shapes = [
    () => `${corpus.word()} ${corpus.word()}`,
    () => corpus.code(),
    () => `${corpus.word()} ${corpus.code()}`,
    () => `${corpus.word()} ${corpus.int(-2, 17)}-го этажа`,
    () => `какие ${corpus.word()} ${corpus.word()} на ${corpus.int(1, 17)} этаже и сколько их`,
    () => `${corpus.word()} ${corpus.word()} ${corpus.word()} ${corpus.code()} лист ${corpus.int(1, 25)}`,
  ];
  return Array.from({ length: count }, (_, i) => shapes[i % shapes.length]!());
}
