import { InMemoryProjectCatalog } from "./in-memory-project-catalog.js";
import { describeProjectCatalogContract } from "./project-catalog.contract.js";

describeProjectCatalogContract("InMemoryProjectCatalog", (rows) => new InMemoryProjectCatalog(rows));
