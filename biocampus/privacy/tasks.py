from django_tasks import task

from biocampus.privacy.export import export_build


@task()
def build_export(export_id: int) -> int:
    export = export_build(export_id)
    return export.size if export else 0
