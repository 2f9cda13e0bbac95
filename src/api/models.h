/* What the handlers of models and of compilations share (api_models.c). */
#ifndef THIDUA_API_MODELS_H
#define THIDUA_API_MODELS_H

#include <jansson.h>

#include "domain/model.h"

/* A model as the API answers it. */
json_t *model_json(const struct model *m);

#endif
