// The function libraries (FUNCTION LOAD …): each library's exact code by name, checked as Redis 7.0's functions.c checks it.
import { extractLibraryMetadata, isValidLibraryName } from './functions-metadata.js';

/** The only engine Redis 7 registers (functionsRegisterEngine("LUA")); engine names match case-insensitively. */
const LUA_ENGINE = 'LUA';

export interface FunctionLibrary {
  readonly name: Buffer;
  readonly engine: string;
  /** The code exactly as loaded, shebang included: what FUNCTION LOAD re-emits. */
  readonly code: Buffer;
}

/** Why a load was refused: the text after "ERR ". */
export interface LoadRefusal {
  readonly message: string;
}

/**
 * We do not run Lua, so a library is known by its shebang only: a library whose code would not compile,
 * or that registers no function, or whose function names collide with another library's, is accepted
 * here although Redis refuses it. Such a command never reaches an AOF, because Redis logs only loads
 * that succeeded.
 */
export class FunctionRegistry {
  private readonly byName = new Map<string, FunctionLibrary>();

  get(name: Buffer): FunctionLibrary | undefined {
    return this.byName.get(name.toString('latin1'));
  }

  /** Libraries in byte order of their names: a deterministic order for the rewrite. */
  libraries(): FunctionLibrary[] {
    return [...this.byName.values()].sort((a, b) => Buffer.compare(a.name, b.name));
  }

  /** The checks of functionsCreateWithLibraryCtx that need no Lua: metadata, name, engine, existence. */
  private prepare(code: Buffer, replace: boolean): FunctionLibrary | LoadRefusal {
    const metadata = extractLibraryMetadata(code);
    if ('message' in metadata) return metadata;
    if (!isValidLibraryName(metadata.name)) {
      return { message: 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long' };
    }
    if (metadata.engine.toString('latin1').toUpperCase() !== LUA_ENGINE) {
      return { message: `Engine '${metadata.engine.toString('latin1')}' not found` };
    }
    if (!replace && this.get(metadata.name) !== undefined) {
      return { message: `Library '${metadata.name.toString('latin1')}' already exists` };
    }
    return { name: Buffer.from(metadata.name), engine: LUA_ENGINE, code: Buffer.from(code) };
  }

  /** FUNCTION LOAD [REPLACE]: the library's name, or why Redis would refuse it. */
  load(code: Buffer, replace: boolean): Buffer | LoadRefusal {
    const library = this.prepare(code, replace);
    if ('message' in library) return library;
    this.byName.set(library.name.toString('latin1'), library);
    return library.name;
  }

  delete(name: Buffer): boolean {
    return this.byName.delete(name.toString('latin1'));
  }

  flush(): void {
    this.byName.clear();
  }

  /** libraryJoin: adds every library; a name clash aborts all of them unless `replace`. */
  join(libraries: readonly FunctionLibrary[], replace: boolean): LoadRefusal | null {
    if (!replace) {
      const clash = libraries.find((library) => this.get(library.name) !== undefined);
      if (clash !== undefined) return { message: `Library ${clash.name.toString('latin1')} already exists` };
    }
    for (const library of libraries) this.byName.set(library.name.toString('latin1'), library);
    return null;
  }
}
