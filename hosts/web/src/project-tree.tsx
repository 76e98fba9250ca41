import { useEffect, useState } from "preact/hooks";
import { DomainError, type AizoomdocWebClient, type DocumentSummary } from "../../../client/index.js";
import { ErrorNotice } from "./error-notice.js";

interface TreeNode {
  id: string;
  name: string;
  code?: string;
  nodeType: string;
}

const label = (node: TreeNode) => (node.code ? `(${node.code}) ${node.name}` : node.name);

type AddToQuestion = (document: DocumentSummary) => void;

/**
 * A document of the tree, which can be added to the next question: its newest OCR result is imported into the user's
 * documents (once; the same result again is the same document) and ticked for the question.
 */
function DocumentLeaf(props: { client: AizoomdocWebClient; node: TreeNode; onAdd: AddToQuestion }) {
  const [state, setState] = useState<"idle" | "adding" | "added">("idle");
  const [error, setError] = useState<unknown>();
  const add = async () => {
    setState("adding");
    setError(undefined);
    try {
      props.onAdd(await props.client.addProjectDocument(props.node.id));
      setState("added");
    } catch (caught) {
      setError(caught);
      setState("idle");
    }
  };
  return (
    <>
      <span class="tree-leaf">{label(props.node)}</span>{" "}
      <button type="button" class="link-button" disabled={state !== "idle"} onClick={() => void add()} aria-label={`Добавить «${label(props.node)}» к вопросу`}>
        {state === "added" ? "в вопросе ✓" : state === "adding" ? "добавляю…" : "к вопросу"}
      </button>
      {error !== undefined && <ErrorNotice action="Не удалось добавить документ к вопросу" error={error} />}
    </>
  );
}

/** One node and, once opened, its children (loaded on first open: trees of real deployments are large). */
function Branch(props: { client: AizoomdocWebClient; node: TreeNode; onAdd: AddToQuestion }) {
  const [children, setChildren] = useState<TreeNode[]>();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const leaf = props.node.nodeType === "document";
  const toggle = async () => {
    setOpen(!open);
    if (children || leaf) return;
    try {
      setChildren(await props.client.projectTree({ parentId: props.node.id }));
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <li role="treeitem" aria-expanded={leaf ? undefined : open} aria-selected={false}>
      {leaf ? (
        <DocumentLeaf client={props.client} node={props.node} onAdd={props.onAdd} />
      ) : (
        <button type="button" class="tree-toggle" onClick={() => void toggle()}>
          {open ? "▾" : "▸"} {label(props.node)}
        </button>
      )}
      {error !== undefined && <ErrorNotice action="Не удалось раскрыть узел" error={error} />}
      {open && children && (
        <ul role="group">
          {children.length === 0 && <li class="muted">пусто</li>}
          {children.map((child) => (
            <Branch key={child.id} client={props.client} node={child} onAdd={props.onAdd} />
          ))}
        </ul>
      )}
    </li>
  );
}

/**
 * The deployment's Projects DB (read only): the tree, opened level by level, a search of documents by name or code,
 * and its documents added to the next question.
 */
export function ProjectTree(props: { client: AizoomdocWebClient; onAdd: AddToQuestion }) {
  const [roots, setRoots] = useState<TreeNode[]>();
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<TreeNode[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    props.client.projectTree().then(setRoots, setError);
  }, []);
  const notConfigured = DomainError.isInstance(error) && error.code === "PROJECTS.NOT_CONFIGURED";
  const search = async (event: Event) => {
    event.preventDefault();
    if (!query.trim()) return setFound(undefined);
    try {
      setFound(await props.client.projectSearch(query.trim(), { limit: 50 }));
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <section class="projects" aria-labelledby="projects-title">
      <div class="panel-head">
        <h2 id="projects-title">Дерево проектов</h2>
      </div>
      {notConfigured ? (
        <p class="empty">База проектов на этом сервере не подключена.</p>
      ) : (
        <>
          <form class="tree-search" onSubmit={search} role="search">
            <label for="tree-query" class="visually-hidden">
              Поиск документа по названию или шифру
            </label>
            <input id="tree-query" type="search" value={query} placeholder="Название или шифр" onInput={(e) => setQuery(e.currentTarget.value)} />
            <button type="submit">Найти</button>
          </form>
          {error !== undefined && <ErrorNotice action="Не удалось загрузить дерево проектов" error={error} />}
          {found ? (
            <ul class="tree" role="tree" aria-label="Найденные документы">
              {found.length === 0 && <li class="muted">Ничего не найдено</li>}
              {found.map((node) => (
                <Branch key={node.id} client={props.client} node={node} onAdd={props.onAdd} />
              ))}
            </ul>
          ) : (
            roots && (
              <ul class="tree" role="tree" aria-label="Дерево проектов">
                {roots.map((node) => (
                  <Branch key={node.id} client={props.client} node={node} onAdd={props.onAdd} />
                ))}
              </ul>
            )
          )}
        </>
      )}
    </section>
  );
}
