# One image for web (gunicorn), worker and beat (celery). See docker-compose.yml.
FROM python:3.11-slim

# The apps are imported from the project folder (flat layout), as manage.py does.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=coproduction.settings

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. `pip install .` installs
# the dependencies only (the project declares no packages of its own).
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .

# The code stays root-owned and read-only to the app user; only collected static files are its.
COPY . .
RUN mkdir -p staticfiles && chown app:app staticfiles

USER app

# The key exists only for this step: collectstatic needs settings that load, nothing more.
RUN SECRET_KEY=collectstatic-only-not-a-real-secret-0123456789abcdefghijklmnop DEBUG=0 \
    python manage.py collectstatic --noinput

EXPOSE 8000

CMD ["gunicorn", "coproduction.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
