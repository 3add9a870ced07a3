// Declarations of the SQLite C API that SQLiteNIO bundles and links into every Passerelle binary.
//
// Why: SQLiteNIO runs each statement on NIO's thread pool (three thread hops per statement), and it does not
// export its C module. The read path calls SQLite directly instead (see DirectSQLiteConnection.swift). These
// declarations reach that same bundled copy, whose symbols carry the `sqlite_nio_` prefix.
// Never link a second SQLite library into the process instead: two copies of SQLite on one database file do
// not share their POSIX lock bookkeeping, which SQLite documents as a way to corrupt a database.
//
// Signatures and constants are copied from sqlite_nio_sqlite3.h (SQLite 3.53, sqlite-nio 1.13); they are part
// of SQLite's stable C ABI. The storage tests exercise every function declared here.
#ifndef CBUNDLEDSQLITE_H
#define CBUNDLEDSQLITE_H

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

#define PASSERELLE_SQLITE_OK 0
#define PASSERELLE_SQLITE_ROW 100
#define PASSERELLE_SQLITE_DONE 101

#define PASSERELLE_SQLITE_INTEGER 1
#define PASSERELLE_SQLITE_FLOAT 2
#define PASSERELLE_SQLITE_TEXT 3
#define PASSERELLE_SQLITE_BLOB 4
#define PASSERELLE_SQLITE_NULL 5

#define PASSERELLE_SQLITE_OPEN_READWRITE 0x00000002
#define PASSERELLE_SQLITE_OPEN_CREATE 0x00000004
#define PASSERELLE_SQLITE_OPEN_NOMUTEX 0x00008000
#define PASSERELLE_SQLITE_PREPARE_PERSISTENT 0x01
#define PASSERELLE_SQLITE_STMTSTATUS_REPREPARE 5
#define PASSERELLE_SQLITE_STMTSTATUS_RUN 6

int sqlite_nio_sqlite3_open_v2(const char *filename, sqlite3 **ppDb, int flags, const char *zVfs);
int sqlite_nio_sqlite3_close_v2(sqlite3 *db);
int sqlite_nio_sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **),
                            void *argument, char **errmsg);
int sqlite_nio_sqlite3_busy_timeout(sqlite3 *db, int ms);
const char *sqlite_nio_sqlite3_errmsg(sqlite3 *db);
int sqlite_nio_sqlite3_extended_errcode(sqlite3 *db);
const char *sqlite_nio_sqlite3_errstr(int code);

int sqlite_nio_sqlite3_prepare_v3(sqlite3 *db, const char *zSql, int nByte, unsigned int prepFlags,
                                  sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite_nio_sqlite3_finalize(sqlite3_stmt *pStmt);
int sqlite_nio_sqlite3_reset(sqlite3_stmt *pStmt);
int sqlite_nio_sqlite3_clear_bindings(sqlite3_stmt *pStmt);
int sqlite_nio_sqlite3_step(sqlite3_stmt *pStmt);
int sqlite_nio_sqlite3_stmt_status(sqlite3_stmt *pStmt, int op, int resetFlag);

int sqlite_nio_sqlite3_bind_int64(sqlite3_stmt *pStmt, int index, long long value);
int sqlite_nio_sqlite3_bind_double(sqlite3_stmt *pStmt, int index, double value);
int sqlite_nio_sqlite3_bind_null(sqlite3_stmt *pStmt, int index);
int sqlite_nio_sqlite3_bind_text(sqlite3_stmt *pStmt, int index, const char *text, int length, void (*destructor)(void *));
int sqlite_nio_sqlite3_bind_blob(sqlite3_stmt *pStmt, int index, const void *bytes, int length, void (*destructor)(void *));

int sqlite_nio_sqlite3_column_count(sqlite3_stmt *pStmt);
const char *sqlite_nio_sqlite3_column_name(sqlite3_stmt *pStmt, int column);
int sqlite_nio_sqlite3_column_type(sqlite3_stmt *pStmt, int column);
long long sqlite_nio_sqlite3_column_int64(sqlite3_stmt *pStmt, int column);
double sqlite_nio_sqlite3_column_double(sqlite3_stmt *pStmt, int column);
const unsigned char *sqlite_nio_sqlite3_column_text(sqlite3_stmt *pStmt, int column);
const void *sqlite_nio_sqlite3_column_blob(sqlite3_stmt *pStmt, int column);
int sqlite_nio_sqlite3_column_bytes(sqlite3_stmt *pStmt, int column);

// SQLITE_TRANSIENT (SQLite copies the value before the call returns) is a cast Swift cannot write.
static inline int passerelle_sqlite_bind_text_copy(sqlite3_stmt *pStmt, int index, const char *text, int length) {
    return sqlite_nio_sqlite3_bind_text(pStmt, index, text, length, (void (*)(void *))-1);
}
static inline int passerelle_sqlite_bind_blob_copy(sqlite3_stmt *pStmt, int index, const void *bytes, int length) {
    return sqlite_nio_sqlite3_bind_blob(pStmt, index, bytes, length, (void (*)(void *))-1);
}

#endif
