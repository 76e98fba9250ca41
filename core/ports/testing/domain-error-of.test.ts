import { describe, expect, it } from "vitest";
import { DomainError } from "../../domain/errors.js";
import { domainErrorOf, errorCodeOf } from "./domain-error-of.js";

const notFound = () => new DomainError("DOCUMENT.NOT_FOUND", "document x does not exist");

describe("domainErrorOf", () => {
  it("returns the DomainError a promise rejects with, or a function throws", async () => {
    expect((await domainErrorOf(Promise.reject(notFound()))).message).toBe("document x does not exist");
    expect(await errorCodeOf(() => {
      throw notFound();
    })).toBe("DOCUMENT.NOT_FOUND");
    expect(await errorCodeOf(async () => Promise.reject(notFound()))).toBe("DOCUMENT.NOT_FOUND");
  });

  it("fails when the work succeeds or throws something that is no DomainError", async () => {
    await expect(domainErrorOf(Promise.resolve(1), "page 3")).rejects.toThrow("expected a DomainError for page 3, but it succeeded");
    await expect(errorCodeOf(() => undefined)).rejects.toThrow("expected a DomainError, but it succeeded");
    await expect(errorCodeOf(() => JSON.parse("{"))).rejects.toThrow(/^expected a DomainError, got SyntaxError/);
  });
});
