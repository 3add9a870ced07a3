// Header-only module: the functions are defined in SQLiteNIO's bundled SQLite (VaporCSQLite).
#include "CBundledSQLite.h"
