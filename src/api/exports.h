/* What the spreadsheet exports share (api_exports.c). */
#ifndef THIDUA_API_EXPORTS_H
#define THIDUA_API_EXPORTS_H

#include <jansson.h>

#include "api/api.h"
#include "docs/table.h"

/* The most rows an export over HTTP takes: beyond, the caller narrows the filters. */
#define EXPORT_ROWS_MAX 50000

/*
** Run the JSON handler source for this request (a list whole) into
** *answer: 0, or -1 with the handler's own error answer in rs (its status
** and message), so an export refuses what its JSON refuses.
*/
int export_answer(route_handler source, struct request *rq, struct response *rs,
		  json_t **answer);
/* A list answer of source whole; NULL with rs answered (413 beyond EXPORT_ROWS_MAX). */
json_t *export_whole_list(route_handler source, struct request *rq, struct response *rs);
/*
** Answer rows as the table the path's suffix asks for (.csv, .xlsx), named
** title (the file name, the sheet, the document title); ?bom=1 for Excel.
*/
void export_send(struct request *rq, struct response *rs, const char *title,
		 const struct table_column *columns, size_t n, json_t *rows);
struct table_column export_column(const char *key, const char *label, enum cell_type type,
				  int width);

#endif
