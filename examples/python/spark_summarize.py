"""Summarize and score a JSONL corpus of articles with Spark, precis running in every executor.

    python examples/python/spark_summarize.py ../shared/data/cnndm-test-frank250.jsonl out/

Reads {id, article, highlights} records, adds a struct column `precis` (highlights with spans,
language, removed boilerplate, error) and a struct column `rouge` (rouge-score's rouge1, rouge2
and rougeLsum of the highlights against the reference, stemmer on), writes Parquet, and prints
the corpus ROUGE. Locally it runs on `local[*]`; on a cluster, submit the same file with
spark-submit (see the README's "Python" section for sizing).
"""

import os
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from precis.spark import rouge_udf, summarize_udf


def main(src, dst):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (SparkSession.builder.appName("precis-summarize")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .getOrCreate())
    df = spark.read.json(src).select("id", "article", "highlights")
    df = df.withColumn("precis", summarize_udf(method="auto")("article"))
    df = df.withColumn("rouge", rouge_udf(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)(
        "highlights", "precis.summary"))
    df.write.mode("overwrite").parquet(dst)
    out = spark.read.parquet(dst)
    out.agg(F.count("*").alias("articles"),
            F.sum(F.col("precis.error").isNotNull().cast("int")).alias("failed"),
            F.avg("rouge.rouge1.fmeasure").alias("R1"),
            F.avg("rouge.rouge2.fmeasure").alias("R2"),
            F.avg("rouge.rougeLsum.fmeasure").alias("RLsum")).show()
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "precis-out.parquet")
