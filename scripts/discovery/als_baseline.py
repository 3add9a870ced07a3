#!/usr/bin/env python3
"""PyPI `implicit` ALS on the training split `passerelle discovery evaluate` writes, for its comparison table.

    als_baseline.py TRAIN.csv OUT.csv USERS ITEMS K

TRAIN.csv has `user,item` rows (dense indices, implicit feedback); OUT.csv gets `user,rank,item` rows, the K best
items per user that are not in the user's training items. Hyper-parameters are implicit's usual ones for this
size (64 factors, λ = 0.05, 20 iterations, confidence α = 40), fixed and seeded, so runs repeat.
"""
import csv
import sys

import numpy as np
import scipy.sparse as sparse
from implicit.als import AlternatingLeastSquares


def main(train_path, out_path, users, items, k):
    rows, cols = [], []
    with open(train_path) as handle:
        for record in csv.DictReader(handle):
            rows.append(int(record["user"]))
            cols.append(int(record["item"]))
    matrix = sparse.csr_matrix((np.full(len(rows), 40.0, dtype=np.float32), (rows, cols)), shape=(users, items))
    model = AlternatingLeastSquares(factors=64, regularization=0.05, iterations=20, random_state=20261202)
    model.fit(matrix, show_progress=False)
    ids, _ = model.recommend(np.arange(users), matrix, N=k, filter_already_liked_items=True)
    with open(out_path, "w") as handle:
        handle.write("user,rank,item\n")
        for user in range(users):
            for rank, item in enumerate(ids[user]):
                handle.write(f"{user},{rank},{int(item)}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
